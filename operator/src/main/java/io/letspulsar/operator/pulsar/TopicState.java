package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.TopicPlan;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Pulsar has for a topic now: partitions, the topic-level policies we manage, its properties
 * (where its owner is written) and who may produce or consume on it.
 *
 * @param retention the topic's own retention policy, empty when it has none
 * @param keptWhenInactive the topic's inactive-topic policy stops Pulsar from deleting it while it
 *     has no producers or subscriptions (the operator decides when the topic goes)
 * @param properties the topic's properties; {@link Ownership} keeps its owner there
 * @param permissions the roles granted on the topic itself and their actions
 */
public record TopicState(
    int partitions,
    Optional<TopicPlan.Retention> retention,
    Optional<Integer> messageTtlSeconds,
    boolean keptWhenInactive,
    Map<String, String> properties,
    Map<String, Set<String>> permissions) {

  /** A topic just made: no policies of its own yet. */
  static TopicState created(int partitions, Map<String, String> properties) {
    return new TopicState(
        partitions, Optional.empty(), Optional.empty(), false, properties, Map.of());
  }

  boolean retentionAsPlanned(TopicPlan plan) {
    return plan.retention().equals(retention);
  }

  boolean ttlAsPlanned(TopicPlan plan) {
    return plan.messageTtlSeconds().equals(messageTtlSeconds);
  }

  boolean policiesAsPlanned(TopicPlan plan) {
    return keptWhenInactive && retentionAsPlanned(plan) && ttlAsPlanned(plan);
  }
}
