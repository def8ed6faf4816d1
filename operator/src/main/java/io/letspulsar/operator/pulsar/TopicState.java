package io.letspulsar.operator.pulsar;

import java.util.Optional;

/**
 * What Pulsar has for a topic now: partitions and the topic-level policies we manage.
 *
 * @param keptWhenInactive the topic's inactive-topic policy stops Pulsar from deleting it while it
 *     has no producers or subscriptions (the operator decides when the topic goes)
 */
public record TopicState(
    int partitions,
    Optional<Integer> retentionMinutes,
    Optional<Integer> retentionMegabytes,
    Optional<Integer> messageTtlSeconds,
    boolean keptWhenInactive) {}
