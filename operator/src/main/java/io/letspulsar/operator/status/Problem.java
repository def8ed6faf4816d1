package io.letspulsar.operator.status;

/**
 * Why part of a stream is not as asked: a condition reason (CamelCase) and a message a person can
 * act on, naming the fix.
 */
public record Problem(String reason, String message) {}
