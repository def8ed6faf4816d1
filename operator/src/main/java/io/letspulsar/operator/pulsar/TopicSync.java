package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.TopicPlan;
import io.letspulsar.operator.status.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brings a topic in line with its plan through {@link PulsarTopics}: creates what is missing (also
 * after someone deleted it), grows partitions, sets policies, and writes nothing when the topic
 * already matches. What cannot be done (shrinking, partitioning a non-partitioned topic) is refused
 * with a reason and leaves the topic untouched.
 */
public final class TopicSync {
  /** What a sync changed; each becomes an event. */
  public enum Change {
    CREATED,
    PARTITIONS_GROWN,
    POLICIES_CHANGED
  }

  /**
   * @param partitions the partitions the topic has afterwards
   * @param refusal why the plan cannot be applied, e.g. fewer partitions
   */
  public record Result(int partitions, List<Change> changes, Optional<Problem> refusal) {}

  private TopicSync() {}

  public static Result sync(PulsarTopics topics, TopicPlan plan) throws PulsarException {
    Optional<TopicState> found = topics.describe(plan.topic());
    List<Change> changes = new ArrayList<>();
    if (found.isEmpty()) {
      topics.create(plan.topic(), plan.partitions());
      changes.add(Change.CREATED);
      topics.applyPolicies(plan);
      return new Result(plan.partitions(), changes, Optional.empty());
    }
    TopicState state = found.get();
    if (plan.partitions() < state.partitions()) {
      return refused(
          state,
          "PartitionsCannotShrink",
          "topic "
              + plan.topic()
              + " has "
              + state.partitions()
              + " partitions; Pulsar cannot take partitions away, so spec.topic.partitions "
              + plan.partitions()
              + " is not applied. Set it back to "
              + state.partitions()
              + " or more.");
    }
    if (state.partitions() == 0 && plan.partitions() > 0) {
      return refused(
          state,
          "TopicNotPartitioned",
          "topic "
              + plan.topic()
              + " exists without partitions and Pulsar cannot partition it; set"
              + " spec.topic.partitions to 0, or use a new topic name.");
    }
    if (plan.partitions() > state.partitions()) {
      topics.growPartitions(plan.topic(), plan.partitions());
      changes.add(Change.PARTITIONS_GROWN);
    }
    if (!state.keptWhenInactive()
        || !plan.retentionMinutes().equals(state.retentionMinutes())
        || !plan.retentionMegabytes().equals(state.retentionMegabytes())
        || !plan.messageTtlSeconds().equals(state.messageTtlSeconds())) {
      topics.applyPolicies(plan);
      changes.add(Change.POLICIES_CHANGED);
    }
    return new Result(plan.partitions(), changes, Optional.empty());
  }

  private static Result refused(TopicState state, String reason, String message) {
    return new Result(state.partitions(), List.of(), Optional.of(new Problem(reason, message)));
  }
}
