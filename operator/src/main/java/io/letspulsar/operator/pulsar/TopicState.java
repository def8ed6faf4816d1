package io.letspulsar.operator.pulsar;

import java.util.Optional;

/** What Pulsar has for a topic now: partitions and the topic-level policies we manage. */
public record TopicState(
    int partitions,
    Optional<Integer> retentionMinutes,
    Optional<Integer> retentionMegabytes,
    Optional<Integer> messageTtlSeconds) {}
