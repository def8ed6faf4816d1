package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.model.TopicPlan;
import io.letspulsar.operator.status.Problem;
import io.letspulsar.operator.status.StatusAggregator;
import io.letspulsar.operator.status.StreamRefusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Brings a stream's topic in line with its plan through {@link PulsarTopics}: creates what is
 * missing (also after someone deleted it) with the stream as its owner, grows partitions, sets
 * policies, grants the stream's role produce and consume, and writes nothing when the topic already
 * matches. A topic another stream owns, or one no stream made, is refused before anything is
 * written ({@link StreamRefusal}); what Pulsar cannot do (shrinking, partitioning a non-partitioned
 * topic) is reported and leaves the topic untouched.
 */
public final class TopicSync {
  /** What a sync changed; each becomes an event. */
  public enum Change {
    CREATED,
    ADOPTED,
    PARTITIONS_GROWN,
    POLICIES_CHANGED,
    ROLE_GRANTED,
    DEAD_LETTER_TOPIC_CREATED
  }

  /**
   * @param partitions the partitions the topic has afterwards
   * @param refusal why the plan cannot be applied, e.g. fewer partitions
   */
  public record Result(int partitions, List<Change> changes, Optional<Problem> refusal) {}

  private TopicSync() {}

  /**
   * @param alive whether a stream that owns a topic still exists (a topic whose owner is gone may
   *     be adopted)
   */
  public static Result sync(PulsarTopics topics, StreamModel stream, Predicate<Ownership> alive)
      throws PulsarException {
    Result result = sync(topics, stream, stream.topic(), alive);
    if (result.refusal().isPresent() || stream.consumer().deadLetterAfter().isEmpty()) {
      return result;
    }
    TopicPlan deadLetter = stream.topic().deadLetter();
    Result dead = sync(topics, stream, deadLetter, alive);
    List<Change> changes = new ArrayList<>(result.changes());
    if (dead.changes().contains(Change.CREATED)) {
      // Without a subscription, Pulsar would keep no dead letter for anyone to read.
      topics.createSubscription(deadLetter.topic(), stream.consumer().subscription());
      changes.add(Change.DEAD_LETTER_TOPIC_CREATED);
    }
    return new Result(result.partitions(), changes, dead.refusal());
  }

  /** Brings one of the stream's topics (its own or its dead-letter topic) in line with a plan. */
  private static Result sync(
      PulsarTopics topics, StreamModel stream, TopicPlan plan, Predicate<Ownership> alive)
      throws PulsarException {
    Ownership us = Ownership.of(stream);
    Optional<String> role = stream.pulsar().role();
    Optional<TopicState> found = topics.describe(plan.topic());
    List<Change> changes = new ArrayList<>();
    if (found.isEmpty()) {
      Map<String, String> properties = us.properties(role);
      topics.create(plan.topic(), plan.partitions(), properties);
      changes.add(Change.CREATED);
      topics.applyPolicies(plan, TopicState.created(plan.partitions(), properties));
      if (role.isPresent()) {
        topics.grant(plan.topic(), role.get());
        changes.add(Change.ROLE_GRANTED);
      }
      return new Result(plan.partitions(), changes, Optional.empty());
    }
    TopicState state = found.get();
    Optional<Ownership> owner = Ownership.in(state.properties());
    if (owner.isEmpty() || !owner.get().isSameStream(us)) {
      refuseUnlessAdoptable(stream, plan.topic(), owner, alive);
      topics.setProperties(plan.topic(), us.properties(Optional.empty()));
      changes.add(Change.ADOPTED);
    }
    if (plan.topic().equals(stream.topic().deadLetter().topic()) && state.partitions() > 0) {
      return refused(
          state,
          changes,
          "DeadLetterTopicPartitioned",
          "dead-letter topic "
              + plan.topic()
              + " has "
              + state.partitions()
              + " partitions; the consumer sends dead letters to a topic without partitions, and"
              + " Pulsar cannot take partitions away. Delete that topic, or remove"
              + " spec.consumer.deadLetter.");
    }
    if (plan.partitions() < state.partitions()) {
      return refused(
          state,
          changes,
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
          changes,
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
    if (!state.policiesAsPlanned(plan)) {
      topics.applyPolicies(plan, state);
      changes.add(Change.POLICIES_CHANGED);
    }
    if (syncGrant(topics, plan.topic(), state, role)) {
      changes.add(Change.ROLE_GRANTED);
    }
    return new Result(plan.partitions(), changes, Optional.empty());
  }

  /**
   * Gives the role the stream names produce and consume, takes them back from a role it named
   * before, and grants again what someone took away.
   *
   * @return whether anything was written
   */
  private static boolean syncGrant(
      PulsarTopics topics, String topic, TopicState state, Optional<String> role)
      throws PulsarException {
    Optional<String> granted = Optional.ofNullable(state.properties().get(Ownership.GRANTED_ROLE));
    if (granted.equals(role)) {
      if (role.isPresent()
          && !state
              .permissions()
              .getOrDefault(role.get(), Set.of())
              .containsAll(PulsarTopics.PRODUCE_AND_CONSUME)) {
        topics.grant(topic, role.get());
        return true;
      }
      return false;
    }
    if (granted.isPresent()) {
      topics.revoke(topic, granted.get());
    }
    if (role.isPresent()) {
      topics.grant(topic, role.get());
      topics.setProperties(topic, Map.of(Ownership.GRANTED_ROLE, role.get()));
    } else {
      topics.removeProperties(topic, Set.of(Ownership.GRANTED_ROLE));
    }
    return true;
  }

  private static void refuseUnlessAdoptable(
      StreamModel stream, String topic, Optional<Ownership> owner, Predicate<Ownership> alive) {
    if (owner.isPresent() && alive.test(owner.get())) {
      throw new StreamRefusal(
          StatusAggregator.TOPIC_READY,
          new Problem(
              "TopicOwnedByAnotherStream",
              "topic "
                  + topic
                  + " belongs to "
                  + owner.get()
                  + "; this stream leaves it alone. Choose another spec.topic.name."));
    }
    if (!stream.adoptExisting()) {
      throw new StreamRefusal(
          StatusAggregator.TOPIC_READY,
          new Problem(
              "TopicNotOwned",
              "topic "
                  + topic
                  + " exists and "
                  + owner
                      .map(o -> "was made by " + o + ", which no longer exists")
                      .orElse("no PurchaseStream made it")
                  + "; this stream leaves it alone. To manage it (its policies, partitions and,"
                  + " with deletionPolicy Delete, its deletion), set spec.topic.adoptExisting to"
                  + " true."));
    }
  }

  private static Result refused(
      TopicState state, List<Change> changes, String reason, String message) {
    return new Result(state.partitions(), changes, Optional.of(new Problem(reason, message)));
  }
}
