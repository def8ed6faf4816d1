package io.letspulsar.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.status.Observation.Problem;
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
      PurchaseStream stream,
      Observation seen,
      Optional<PurchaseStreamStatus> previous,
      Instant now) {
    int replicas = Optional.ofNullable(stream.getSpec().replicas).orElse(1);
    PurchaseStreamStatus status = new PurchaseStreamStatus();
    status.observedGeneration = stream.getMetadata().getGeneration();
    status.topic = Names.topic(stream);
    status.subscription = Names.subscription(stream);
    status.partitions = seen.partitions();
    status.replicas = replicas;
    status.readyReplicas = seen.readyReplicas();
    status.ready = seen.readyReplicas() + "/" + replicas;
    status.selector = Names.selectorText(stream);
    status.stats =
        seen.stats()
            .map(stats -> stats(stats, seen.statsReadAt(), previous.map(p -> p.stats)))
            .orElse(null);

    Optional<Problem> topic = seen.topicProblem();
    Optional<Problem> workload =
        seen.workloadProblem().isPresent()
            ? seen.workloadProblem()
            : seen.readyReplicas() >= replicas
                ? Optional.empty()
                : Optional.of(
                    new Problem(
                        "PodsNotReady",
                        seen.readyReplicas()
                            + " of "
                            + replicas
                            + " pods ready; see `kubectl describe deployment "
                            + Names.deployment(stream)
                            + "` and the pods' events"));
    Optional<Problem> overall = topic.or(() -> workload);
    List<Condition> old = previous.map(p -> p.conditions).orElse(List.of());
    status.conditions =
        List.of(
            condition(
                TOPIC_READY,
                topic,
                "TopicReady",
                "topic " + status.topic + " is as specified",
                old,
                now,
                stream),
            condition(
                WORKLOAD_READY,
                workload,
                "PodsReady",
                status.ready + " pods ready",
                old,
                now,
                stream),
            condition(
                READY,
                overall,
                "Ready",
                "purchases flow through " + status.topic,
                old,
                now,
                stream));
    return status;
  }

  /** Unchanged figures keep the time they were first read, so a quiet topic writes nothing. */
  private static PurchaseStreamStatus.Stats stats(
      io.letspulsar.operator.pulsar.TopicStats stats,
      Optional<Instant> readAt,
      Optional<PurchaseStreamStatus.Stats> previous) {
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

  private static Condition condition(
      String type,
      Optional<Problem> problem,
      String okReason,
      String okMessage,
      List<Condition> previous,
      Instant now,
      PurchaseStream stream) {
    String status = problem.isEmpty() ? "True" : "False";
    String since =
        previous.stream()
            .filter(c -> c.getType().equals(type) && c.getStatus().equals(status))
            .map(Condition::getLastTransitionTime)
            .findFirst()
            .orElse(now.toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(problem.map(Problem::reason).orElse(okReason))
        .withMessage(problem.map(Problem::message).orElse(okMessage))
        .withLastTransitionTime(since)
        .withObservedGeneration(stream.getMetadata().getGeneration())
        .build();
  }
}
