package io.letspulsar.operator.pulsar;

/** Live figures of a topic, summed over its partitions, for one subscription's backlog. */
public record TopicStats(
    double msgRateIn, double msgRateOut, long backlog, int producers, int consumers) {}
