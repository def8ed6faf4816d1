package io.letspulsar.operator.pulsar;

import java.util.Optional;

/**
 * The narrow part of Pulsar's admin API the operator uses. One real implementation, {@link
 * AdminPulsarTopics}; tests use a real broker, or wrap it to count calls or inject failures.
 */
public interface PulsarTopics extends AutoCloseable {
  /** The topic as Pulsar has it; empty when it does not exist. */
  Optional<TopicState> describe(String topic) throws PulsarTopicsException;

  /** Creates the topic; one that already exists counts as created. */
  void create(String topic, int partitions) throws PulsarTopicsException;

  void growPartitions(String topic, int partitions) throws PulsarTopicsException;

  /**
   * Sets (or, with empty values, removes) the retention and TTL topic policies, and keeps Pulsar
   * from deleting the topic while it is inactive.
   */
  void applyPolicies(TopicPlan plan) throws PulsarTopicsException;

  /** Deletes the topic; one already gone counts as deleted. */
  void delete(String topic) throws PulsarTopicsException;

  /** Live figures; {@code partitions} as {@link #describe} reported them. */
  TopicStats stats(String topic, int partitions, String subscription) throws PulsarTopicsException;

  @Override
  void close();
}
