package io.letspulsar.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.letspulsar.operator.Streams;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicPlanTest {

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
                Optional.empty(),
                Optional.empty()));
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
                Optional.of(7 * 24 * 60),
                Optional.of(1024),
                Optional.of(5400)));
  }

  @Test
  void retentionUnits() {
    assertThat(TopicPlan.minutes("30m")).isEqualTo(30);
    assertThat(TopicPlan.minutes("12h")).isEqualTo(720);
    assertThat(TopicPlan.minutes("2w")).isEqualTo(20160);
    assertThat(TopicPlan.megabytes("500Mi")).isEqualTo(500);
    assertThat(TopicPlan.megabytes("512Ki")).isEqualTo(1);
    assertThat(TopicPlan.megabytes("2Ti")).isEqualTo(2 * 1024 * 1024);
  }
}
