package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.TopicPlan;
import java.util.Optional;

/**
 * The narrow part of Pulsar's admin API the operator uses. One real implementation, {@link
 * AdminPulsarTopics}; tests use a real broker, or wrap it to count calls or inject failures.
 */
public interface PulsarTopics extends AutoCloseable {
  /** The topic as Pulsar has it; empty when it does not exist. */
  Optional<TopicState> describe(String topic) throws PulsarException;

  /** Creates the topic; one that already exists counts as created. */
  void create(String topic, int partitions) throws PulsarException;

  void growPartitions(String topic, int partitions) throws PulsarException;

  /**
   * Sets (or, with empty values, removes) the retention and TTL topic policies, and keeps Pulsar
   * from deleting the topic while it is inactive.
   */
  void applyPolicies(TopicPlan plan) throws PulsarException;

  /** Deletes the topic; one already gone counts as deleted. */
  void delete(String topic) throws PulsarException;

  /** Live figures; {@code partitions} as {@link #describe} reported them. */
  TopicStats stats(String topic, int partitions, String subscription) throws PulsarException;

  @Override
  void close();
}
