package io.letspulsar.operator.model;

import java.time.Duration;

/**
 * Operator-wide defaults, from the environment the Helm chart sets.
 *
 * @param pulsar the operator's own Pulsar cluster, for streams that name no PulsarConnection
 * @param workloadImage image of the producer and consumer containers unless a CR overrides it
 * @param statsPeriod how often topic stats are refreshed into the status
 * @param topicCheckPeriod how often, on average, a topic whose stream did not change is looked at
 * @param workloadNetworkPolicy whether each stream's pods get a NetworkPolicy
 */
public record OperatorConfig(
    PulsarCluster pulsar,
    String workloadImage,
    Duration statsPeriod,
    Duration topicCheckPeriod,
    boolean workloadNetworkPolicy) {}
