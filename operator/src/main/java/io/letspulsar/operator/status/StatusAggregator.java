package io.letspulsar.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.pulsar.TopicStats;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a PurchaseStream's status from what a reconcile observed. Pure: the clock comes in as
 * {@code now}, and a condition whose status did not change keeps its lastTransitionTime, so an
 * unchanged world gives an equal status and nothing is written.
 */
public final class StatusAggregator {
  public static final String TOPIC_READY = "TopicReady";
  public static final String WORKLOAD_READY = "WorkloadReady";
  public static final String READY = "Ready";

  private StatusAggregator() {}

  public static PurchaseStreamStatus aggregate(
      StreamModel stream, Observation seen, Optional<PurchaseStreamStatus> previous, Instant now) {
    PurchaseStreamStatus status = new PurchaseStreamStatus();
    status.observedGeneration = stream.generation();
    status.topic = stream.topic().topic();
    status.subscription = stream.consumer().subscription();
    status.partitions = seen.partitions();
    status.replicas = stream.replicas();
    status.readyReplicas = seen.readyReplicas();
    status.ready = seen.readyReplicas() + "/" + stream.replicas();
    status.selector = Names.selectorText(stream);
    Optional<PurchaseStreamStatus.Stats> before = previous.map(p -> p.stats);
    status.stats =
        seen.stats()
            .map(stats -> stats(stats, seen.statsReadAt(), before))
            .orElse(before.orElse(null));

    Optional<Problem> overall =
        seen.otherProblem().or(seen::topicProblem).or(seen::workloadProblem);
    List<Condition> old = previous.map(p -> p.conditions).orElse(List.of());
    status.conditions =
        List.of(
            condition(
                TOPIC_READY,
                seen.topicProblem(),
                new Problem("TopicReady", "topic " + status.topic + " is as specified"),
                old,
                now,
                stream.generation()),
            condition(
                WORKLOAD_READY,
                seen.workloadProblem(),
                new Problem("PodsReady", status.ready + " pods ready"),
                old,
                now,
                stream.generation()),
            condition(
                READY,
                overall,
                new Problem("Ready", "purchases flow through " + status.topic),
                old,
                now,
                stream.generation()));
    return status;
  }

  /** Unchanged figures keep the time they were first read, so a quiet topic writes nothing. */
  private static PurchaseStreamStatus.Stats stats(
      TopicStats stats, Optional<Instant> readAt, Optional<PurchaseStreamStatus.Stats> previous) {
    PurchaseStreamStatus.Stats out = new PurchaseStreamStatus.Stats();
    out.msgRateIn = round(stats.msgRateIn());
    out.msgRateOut = round(stats.msgRateOut());
    out.backlog = stats.backlog();
    out.producers = stats.producers();
    out.consumers = stats.consumers();
    out.updatedAt =
        previous
            .filter(before -> before.updatedAt != null && sameFigures(before, out))
            .map(before -> before.updatedAt)
            .orElseGet(() -> readAt.map(Instant::toString).orElse(null));
    return out;
  }

  private static boolean sameFigures(PurchaseStreamStatus.Stats a, PurchaseStreamStatus.Stats b) {
    return Objects.equals(a.msgRateIn, b.msgRateIn)
        && Objects.equals(a.msgRateOut, b.msgRateOut)
        && Objects.equals(a.backlog, b.backlog)
        && Objects.equals(a.producers, b.producers)
        && Objects.equals(a.consumers, b.consumers);
  }

  /** Two decimals: enough for a human, and tiny fluctuations do not rewrite the status. */
  private static double round(double rate) {
    return Math.round(rate * 100) / 100.0;
  }

  /**
   * A Kubernetes-style condition: True with {@code ok}'s reason and message unless there is a
   * problem; its lastTransitionTime stays while its status holds.
   */
  public static Condition condition(
      String type,
      Optional<Problem> problem,
      Problem ok,
      List<Condition> previous,
      Instant now,
      long generation) {
    String status = problem.isEmpty() ? "True" : "False";
    Problem shown = problem.orElse(ok);
    String since =
        previous.stream()
            .filter(c -> c.getType().equals(type) && c.getStatus().equals(status))
            .map(Condition::getLastTransitionTime)
            .findFirst()
            .orElse(now.toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(shown.reason())
        .withMessage(shown.message())
        .withLastTransitionTime(since)
        .withObservedGeneration(generation)
        .build();
  }
}
