package io.letspulsar.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.letspulsar.operator.Streams;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.operator.pulsar.TopicStats;
import io.letspulsar.operator.status.Observation.Problem;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-26T10:05:00Z");

  private static PurchaseStream stream() {
    return Streams.parse(
        """
            apiVersion: streams.letspulsar.io/v1alpha1
            kind: PurchaseStream
            metadata: {name: purchases, namespace: shop, generation: 4}
            spec: {replicas: 2}
            """);
  }

  private static Observation healthy() {
    return new Observation(
        Optional.empty(),
        Optional.empty(),
        0,
        2,
        Optional.of(new TopicStats(0.2049, 0.2, 1, 2, 2)),
        Optional.of(T0));
  }

  private static Condition condition(PurchaseStreamStatus status, String type) {
    return status.conditions.stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void everythingInPlaceMakesTheStreamReady() {
    PurchaseStreamStatus status =
        StatusAggregator.aggregate(stream(), healthy(), Optional.empty(), T0);

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
            org.assertj.core.api.Assertions.tuple("TopicReady", "True", "TopicReady"),
            org.assertj.core.api.Assertions.tuple("WorkloadReady", "True", "PodsReady"),
            org.assertj.core.api.Assertions.tuple("Ready", "True", "Ready"));
  }

  @Test
  void anUnchangedWorldGivesAnEqualStatusSoNothingIsWritten() {
    PurchaseStreamStatus first =
        StatusAggregator.aggregate(stream(), healthy(), Optional.empty(), T0);
    Observation sameFiguresReadLater =
        new Observation(
            Optional.empty(),
            Optional.empty(),
            0,
            2,
            Optional.of(new TopicStats(0.2049, 0.2, 1, 2, 2)),
            Optional.of(T1));
    PurchaseStreamStatus second =
        StatusAggregator.aggregate(stream(), sameFiguresReadLater, Optional.of(first), T1);

    assertThat(Serialization.asJson(second)).isEqualTo(Serialization.asJson(first));
  }

  @Test
  void newFiguresCarryTheTimeTheyWereRead() {
    PurchaseStreamStatus first =
        StatusAggregator.aggregate(stream(), healthy(), Optional.empty(), T0);
    Observation busier =
        new Observation(
            Optional.empty(),
            Optional.empty(),
            0,
            2,
            Optional.of(new TopicStats(3.0, 3.0, 0, 2, 2)),
            Optional.of(T1));

    PurchaseStreamStatus second =
        StatusAggregator.aggregate(stream(), busier, Optional.of(first), T1);

    assertThat(second.stats.msgRateIn).isEqualTo(3.0);
    assertThat(second.stats.updatedAt).isEqualTo(T1.toString());
  }

  @Test
  void aTopicProblemMakesTheStreamNotReadyWithItsReasonAndMessage() {
    PurchaseStreamStatus ready =
        StatusAggregator.aggregate(stream(), healthy(), Optional.empty(), T0);
    Observation shrink =
        new Observation(
            Optional.of(new Problem("PartitionsCannotShrink", "topic has 4 partitions; ...")),
            Optional.empty(),
            4,
            2,
            Optional.empty(),
            Optional.empty());

    PurchaseStreamStatus status =
        StatusAggregator.aggregate(stream(), shrink, Optional.of(ready), T1);

    Condition topicReady = condition(status, "TopicReady");
    assertThat(topicReady.getStatus()).isEqualTo("False");
    assertThat(topicReady.getLastTransitionTime()).isEqualTo(T1.toString());
    Condition overall = condition(status, "Ready");
    assertThat(overall.getReason()).isEqualTo("PartitionsCannotShrink");
    assertThat(overall.getMessage()).startsWith("topic has 4 partitions");
    // The pods did not change: their condition keeps the time it last changed.
    assertThat(condition(status, "WorkloadReady").getLastTransitionTime()).isEqualTo(T0.toString());
  }

  @Test
  void podsNotReadyAreCountedInTheMessage() {
    Observation oneOfTwo =
        new Observation(
            Optional.empty(), Optional.empty(), 0, 1, Optional.empty(), Optional.empty());

    PurchaseStreamStatus status =
        StatusAggregator.aggregate(stream(), oneOfTwo, Optional.empty(), T0);

    assertThat(status.ready).isEqualTo("1/2");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("PodsNotReady");
    assertThat(condition(status, "Ready").getMessage())
        .startsWith("1 of 2 pods ready")
        .contains("kubectl describe deployment purchases");
  }
}
