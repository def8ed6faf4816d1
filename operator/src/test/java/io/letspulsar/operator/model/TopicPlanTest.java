package io.letspulsar.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.letspulsar.operator.Streams;
import io.letspulsar.operator.api.TopicSpec;
import io.letspulsar.operator.model.TopicPlan.Retention;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicPlanTest {

  private static StreamModel stream(String topicSpec) {
    return Streams.model(
        """
        apiVersion: streams.letspulsar.io/v1alpha1
        kind: PurchaseStream
        metadata: {name: orders, namespace: shop}
        spec:
          topic: %s
        """
            .formatted(topicSpec));
  }

  @Test
  void theDemoAsksForANonPartitionedTopicWithoutPolicies() {
    StreamModel stream =
        Streams.model(
            Streams.parse(
                """
                apiVersion: streams.letspulsar.io/v1alpha1
                kind: PurchaseStream
                metadata: {name: purchases, namespace: shop}
                spec: {}
                """));

    assertThat(stream.topic())
        .isEqualTo(
            new TopicPlan(
                "persistent://public/default/purchases",
                "public",
                "default",
                0,
                Optional.empty(),
                Optional.empty()));
  }

  @Test
  void aStreamWithoutSpecGetsEveryDefault() {
    StreamModel stream =
        Streams.model(
            """
            apiVersion: streams.letspulsar.io/v1alpha1
            kind: PurchaseStream
            metadata: {name: purchases, namespace: shop}
            """);

    assertThat(stream.topic().topic()).isEqualTo("persistent://public/default/purchases");
    assertThat(stream.replicas()).isEqualTo(1);
  }

  @Test
  void policiesAreConvertedToPulsarsUnits() {
    StreamModel stream =
        Streams.model(
            Streams.parse(
                """
                apiVersion: streams.letspulsar.io/v1alpha1
                kind: PurchaseStream
                metadata: {name: orders, namespace: shop}
                spec:
                  topic:
                    tenant: retail
                    namespace: eu
                    name: orders-v2
                    persistent: false
                    partitions: 6
                    retention: {time: 7d, size: 1Gi}
                    messageTtl: 1h30m
                """));

    assertThat(stream.topic())
        .isEqualTo(
            new TopicPlan(
                "non-persistent://retail/eu/orders-v2",
                "retail",
                "eu",
                6,
                Optional.of(new Retention(7 * 24 * 60, 1024)),
                Optional.of(5400)));
  }

  @Test
  void retentionWithOneSideLeavesTheOtherUnlimitedNeverZero() {
    // Pulsar refuses 0 on one side with a limit on the other; -1 is its "no limit".
    assertThat(stream("{retention: {time: 7d}}").topic().retention())
        .contains(new Retention(7 * 24 * 60, Retention.UNLIMITED));
    assertThat(stream("{retention: {size: 500Mi}}").topic().retention())
        .contains(new Retention(Retention.UNLIMITED, 500));
    assertThat(stream("{retention: {}}").topic().retention()).isEmpty();
  }

  @Test
  void theLargestValuesTheCrdAcceptsFitPulsarsUnitsExactly() {
    TopicPlan plan =
        stream("{partitions: 256, retention: {time: 520w, size: 1024Ti}, messageTtl:" + " 87360h}")
            .topic();

    assertThat(plan.partitions()).isEqualTo(TopicSpec.MAX_PARTITIONS);
    assertThat(plan.retention())
        .contains(
            new Retention(TopicSpec.MAX_RETENTION_MINUTES, TopicSpec.MAX_RETENTION_MEGABYTES));
    assertThat(plan.messageTtlSeconds()).contains(87360 * 3600);
    // Pulsar multiplies retention minutes by 60 in an int when it checks them against the
    // backlog quota: the bound keeps that in range too.
    assertThat((long) TopicSpec.MAX_RETENTION_MINUTES * 60).isLessThan(Integer.MAX_VALUE);
  }

  @ParameterizedTest
  @CsvSource({
    "30m, 30",
    "12h, 720",
    "2w, 20160",
    "1m, 1",
    "5241600m, 5241600",
    "87360h, 5241600",
    "3640d, 5241600",
    "520w, 5241600"
  })
  void retentionTime(String time, int minutes) {
    assertThat(TopicPlan.minutes(time)).isEqualTo(minutes);
  }

  @ParameterizedTest
  @CsvSource({
    "500Mi, 500",
    "1Mi, 1",
    "1Gi, 1024",
    "2Ti, 2097152",
    "1024Ti, 1073741824",
    "1073741824Mi, 1073741824",
    "1048576Gi, 1073741824",
    "512Ki, 1",
    "1536Ki, 2",
    "2048Ki, 2"
  })
  void retentionSize(String size, long megabytes) {
    assertThat(TopicPlan.megabytes(size)).isEqualTo(megabytes);
  }

  @ParameterizedTest
  @CsvSource({"1s, 1", "1h30m, 5400", "87360h, 314496000", "500ms, 1", "1500ms, 2", "0s, 0"})
  void ttlInWholeSecondsAPartRoundedUpSoNeverZero(String ttl, int seconds) {
    assertThat(TopicPlan.ttlSeconds(ttl)).isEqualTo(seconds);
  }

  /** Values an older CRD let through: refused with the field named, never wrapped around. */
  @ParameterizedTest
  @CsvSource({
    "spec.topic.retention.time, 9999999999w",
    "spec.topic.retention.time, 2147483648m",
    "spec.topic.retention.time, 99999999999999999999m",
    "spec.topic.retention.time, 7x",
    "spec.topic.retention.size, 9999999999999999Ti",
    "spec.topic.retention.size, 99999999999999999999Mi",
    "spec.topic.messageTtl, 596524h",
    "spec.topic.messageTtl, 2147483648s",
    "spec.topic.messageTtl, 99999999999999999999h"
  })
  void aValueBeyondPulsarsUnitsIsRefusedWithTheFieldNamed(String field, String value) {
    Function<String, ?> conversion =
        switch (field) {
          case "spec.topic.retention.time" -> TopicPlan::minutes;
          case "spec.topic.retention.size" -> TopicPlan::megabytes;
          default -> TopicPlan::ttlSeconds;
        };

    assertThatThrownBy(() -> conversion.apply(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field + " " + value);
  }
}
