package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.TopicPlan;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The narrow part of Pulsar's admin API the operator uses. One real implementation, {@link
 * AdminPulsarTopics}; tests use a real broker, or wrap it to count calls or inject failures.
 */
public interface PulsarTopics extends AutoCloseable {
  /** What the stream's workload may do on its topic. */
  Set<String> PRODUCE_AND_CONSUME = Set.of("produce", "consume");

  /** The topic as Pulsar has it; empty when it does not exist. */
  Optional<TopicState> describe(String topic) throws PulsarException;

  /** Creates the topic with its properties; one that already exists counts as created. */
  void create(String topic, int partitions, Map<String, String> properties) throws PulsarException;

  void growPartitions(String topic, int partitions) throws PulsarException;

  /** Creates a subscription at the topic's earliest message; one that exists counts as created. */
  void createSubscription(String topic, String subscription) throws PulsarException;

  /**
   * Sets (or, with empty values, removes) the retention and TTL topic policies, and keeps Pulsar
   * from deleting the topic while it is inactive: each policy that {@code current} does not have as
   * planned, and no other (each write travels through the namespace's system topic).
   */
  void applyPolicies(TopicPlan plan, TopicState current) throws PulsarException;

  /** Sets these properties of the topic, keeping the others. */
  void setProperties(String topic, Map<String, String> properties) throws PulsarException;

  /** Removes these properties of the topic. */
  void removeProperties(String topic, Set<String> keys) throws PulsarException;

  /** Grants a role {@link #PRODUCE_AND_CONSUME} on the topic. */
  void grant(String topic, String role) throws PulsarException;

  /** Takes back what a role was granted on the topic; one never granted counts as revoked. */
  void revoke(String topic, String role) throws PulsarException;

  /** Deletes the topic, never past clients still attached; one already gone counts as deleted. */
  void delete(String topic) throws PulsarException;

  /**
   * The live figures of every topic the cluster's brokers have loaded, partitions by their own
   * names: one call per broker, however many topics. Pulsar lets only super-users read them.
   */
  Map<String, RawStats> topicStats() throws PulsarException;

  /**
   * One topic's live figures, by partition, for an operator whose role may not read them in bulk;
   * {@code partitions} as {@link #describe} reported them. A topic no broker has loaded has none.
   */
  Map<String, RawStats> stats(String topic, int partitions) throws PulsarException;

  /**
   * One loaded topic's (or partition's) figures, as its broker reports them.
   *
   * @param producers the names of the producers attached
   */
  record RawStats(
      double msgRateIn,
      double msgRateOut,
      Set<String> producers,
      Map<String, Subscription> subscriptions) {

    /**
     * A subscription's backlog and the names of its consumers.
     *
     * @param consumers the names of the consumers attached
     */
    public record Subscription(long backlog, Set<String> consumers) {}
  }

  /**
   * Whether the operator is let in and may administer what it is meant to: its credentials
   * accepted, and the tenants ({@code tenant/*}) and namespaces ({@code tenant/namespace}) named
   * administered by its role.
   *
   * @return the broker's version
   */
  String check(Collection<String> administered) throws PulsarException;

  @Override
  void close();
}
