package io.letspulsar.workload.consumer;

/**
 * One purchase as the consumer sees it: who bought what, and which message carried it.
 *
 * @param messageId the Pulsar message id, as text
 * @param redeliveries how often the broker delivered this message before
 */
public record Purchase(String messageId, String user, String item, int redeliveries) {}
