package io.letspulsar.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Condition;
import io.letspulsar.operator.Streams;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.pulsar.TopicStats;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-26T10:05:00Z");

  private static final StreamModel STREAM =
      Streams.model(
          Streams.parse(
              """
              apiVersion: streams.letspulsar.io/v1alpha1
              kind: PurchaseStream
              metadata: {name: purchases, namespace: shop, generation: 4}
              spec: {replicas: 2}
              """));

  private static Observation seen(TopicStats stats, Instant readAt) {
    return new Observation(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        2,
        Optional.of(stats),
        Optional.of(readAt));
  }

  private static Observation healthy() {
    return seen(new TopicStats(0.2049, 0.2, 1, 2, 2), T0);
  }

  private static PurchaseStreamStatus ready() {
    return StatusAggregator.aggregate(STREAM, healthy(), Optional.empty(), T0);
  }

  private static Condition condition(PurchaseStreamStatus status, String type) {
    return status.condition(type).orElseThrow();
  }

  @Test
  void everythingInPlaceMakesTheStreamReady() {
    PurchaseStreamStatus status = ready();

    assertThat(status.observedGeneration).isEqualTo(4);
    assertThat(status.topic).isEqualTo("persistent://public/default/purchases");
    assertThat(status.subscription).isEqualTo("purchases-sub");
    assertThat(status.ready).isEqualTo("2/2");
    assertThat(status.selector)
        .isEqualTo("app.kubernetes.io/name=purchasestream,app.kubernetes.io/instance=purchases");
    assertThat(status.stats.msgRateIn).isEqualTo(0.2);
    assertThat(status.stats.updatedAt).isEqualTo("2026-11-26T10:00:00Z");
    assertThat(status.conditions)
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            tuple("TopicReady", "True", "TopicReady"),
            tuple("WorkloadReady", "True", "PodsReady"),
            tuple("Ready", "True", "Ready"));
  }

  @Test
  void anUnchangedWorldGivesAnEqualStatusSoNothingIsWritten() {
    PurchaseStreamStatus first = ready();
    Observation sameFiguresReadLater = seen(new TopicStats(0.2049, 0.2, 1, 2, 2), T1);

    PurchaseStreamStatus second =
        StatusAggregator.aggregate(STREAM, sameFiguresReadLater, Optional.of(first), T1);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void newFiguresCarryTheTimeTheyWereRead() {
    Observation busier = seen(new TopicStats(3.0, 3.0, 0, 2, 2), T1);

    PurchaseStreamStatus second =
        StatusAggregator.aggregate(STREAM, busier, Optional.of(ready()), T1);

    assertThat(second.stats.msgRateIn).isEqualTo(3.0);
    assertThat(second.stats.updatedAt).isEqualTo(T1.toString());
  }

  @Test
  void aTopicProblemMakesTheStreamNotReadyWithItsReasonAndMessage() {
    Observation shrink =
        new Observation(
            Optional.of(new Problem("PartitionsCannotShrink", "topic has 4 partitions; ...")),
            Optional.empty(),
            Optional.empty(),
            4,
            2,
            Optional.empty(),
            Optional.empty());

    PurchaseStreamStatus status =
        StatusAggregator.aggregate(STREAM, shrink, Optional.of(ready()), T1);

    Condition topicReady = condition(status, "TopicReady");
    assertThat(topicReady.getStatus()).isEqualTo("False");
    assertThat(topicReady.getLastTransitionTime()).isEqualTo(T1.toString());
    Condition overall = condition(status, "Ready");
    assertThat(overall.getReason()).isEqualTo("PartitionsCannotShrink");
    assertThat(overall.getMessage()).startsWith("topic has 4 partitions");
    // The pods did not change: their condition keeps the time it last changed.
    assertThat(condition(status, "WorkloadReady").getLastTransitionTime()).isEqualTo(T0.toString());
    // Figures not read this time stay as they were, with their time.
    assertThat(status.stats).isEqualTo(ready().stats);
  }

  @Test
  void aPulsarFailureLandsOnTopicReadyAndKeepsTheLastFigures() {
    Failure failure =
        new Failure(
            StatusAggregator.TOPIC_READY, new Problem("PulsarUnavailable", "could not ..."));
    WorkloadDiagnosis.Result pods = new WorkloadDiagnosis.Result(2, Optional.empty());

    PurchaseStreamStatus status =
        StatusAggregator.aggregate(
            STREAM,
            Observation.afterFailure(failure, pods, Optional.of(ready())),
            Optional.of(ready()),
            T1);

    assertThat(status.conditions)
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            tuple("TopicReady", "False", "PulsarUnavailable"),
            tuple("WorkloadReady", "True", "PodsReady"),
            tuple("Ready", "False", "PulsarUnavailable"));
    assertThat(status.stats).isEqualTo(ready().stats);
  }

  @Test
  void aRefusedDeploymentLandsOnWorkloadReadyAndTheTopicKeepsItsLastCondition() {
    PurchaseStreamStatus shrinkRefused =
        StatusAggregator.aggregate(
            STREAM,
            new Observation(
                Optional.of(new Problem("PartitionsCannotShrink", "set it back")),
                Optional.empty(),
                Optional.empty(),
                4,
                2,
                Optional.empty(),
                Optional.empty()),
            Optional.of(ready()),
            T1);
    Failure quota =
        new Failure(
            StatusAggregator.WORKLOAD_READY, new Problem("Forbidden", "exceeded quota: pods"));

    PurchaseStreamStatus status =
        StatusAggregator.aggregate(
            STREAM,
            Observation.afterFailure(
                quota,
                new WorkloadDiagnosis.Result(0, Optional.empty()),
                Optional.of(shrinkRefused)),
            Optional.of(shrinkRefused),
            T1);

    assertThat(status.conditions)
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            tuple("TopicReady", "False", "PartitionsCannotShrink"),
            tuple("WorkloadReady", "False", "Forbidden"),
            tuple("Ready", "False", "PartitionsCannotShrink"));
    assertThat(status.partitions).isEqualTo(4);
  }

  @Test
  void aFailureOfNeitherPartShowsOnReadyOnly() {
    Failure bug = new Failure(StatusAggregator.READY, new Problem("ReconcileFailed", "NPE"));

    PurchaseStreamStatus status =
        StatusAggregator.aggregate(
            STREAM,
            Observation.afterFailure(
                bug, new WorkloadDiagnosis.Result(2, Optional.empty()), Optional.of(ready())),
            Optional.of(ready()),
            T1);

    assertThat(status.conditions)
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            tuple("TopicReady", "True", "TopicReady"),
            tuple("WorkloadReady", "True", "PodsReady"),
            tuple("Ready", "False", "ReconcileFailed"));
  }
}
