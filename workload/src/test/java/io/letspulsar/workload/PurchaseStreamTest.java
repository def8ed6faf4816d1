package io.letspulsar.workload;

import static io.letspulsar.workload.Harness.consumerConfig;
import static io.letspulsar.workload.Harness.produce;
import static io.letspulsar.workload.Harness.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.PulsarExtension;
import io.letspulsar.workload.Harness.RecordingConsumer;
import io.letspulsar.workload.config.ProducerConfig;
import io.letspulsar.workload.consumer.Purchase;
import io.letspulsar.workload.consumer.PurchaseConsumer;
import io.letspulsar.workload.consumer.PurchaseConsumer.SubscriptionBusyException;
import io.letspulsar.workload.runtime.WorkloadMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The producer and consumer against a real Pulsar broker, one behaviour per test. */
@ExtendWith(PulsarExtension.class)
class PurchaseStreamTest {

  @Test
  void producedPurchasesReachTheConsumerWithTheDemosUsersAndItems(EmbeddedPulsar pulsar) {
    String topic = uniqueTopic("demo");
    RecordingConsumer consumer = RecordingConsumer.start(consumerConfig(pulsar, topic, Map.of()));
    produce(pulsar, topic, 30, "10ms");

    await().untilAsserted(() -> assertThat(consumer.processed).hasSize(30));
    consumer.stop();
    assertThat(consumer.processed)
        .allSatisfy(
            purchase -> {
              assertThat(purchase.user()).isIn(ProducerConfig.DEMO_USERS);
              assertThat(purchase.item()).isIn(ProducerConfig.DEMO_ITEMS);
            });
    assertThat(consumer.metrics.ackedCount()).isEqualTo(30);
  }

  @Test
  void aDurableSubscriptionResumesWhereItLeftOffAfterARestart(EmbeddedPulsar pulsar) {
    String topic = uniqueTopic("durable");
    produce(pulsar, topic, 200);

    RecordingConsumer first =
        new RecordingConsumer(consumerConfig(pulsar, topic, Map.of()), purchase -> {}, 50);
    first.running.awaitExit(Duration.ofSeconds(30));
    List<String> ackedBeforeRestart = first.ids();
    assertThat(ackedBeforeRestart).hasSize(50);

    RecordingConsumer second = RecordingConsumer.start(consumerConfig(pulsar, topic, Map.of()));
    await().until(() -> ackedBeforeRestart.size() + second.processed.size() >= 200);
    second.stop();

    assertThat(second.ids()).doesNotContainAnyElementsOf(ackedBeforeRestart);
    Set<String> all = new HashSet<>(ackedBeforeRestart);
    all.addAll(second.ids());
    assertThat(all).hasSize(200);
  }

  @Test
  void aNegativelyAcknowledgedPurchaseIsRedelivered(EmbeddedPulsar pulsar) {
    String topic = uniqueTopic("nack");
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    RecordingConsumer consumer =
        new RecordingConsumer(
            consumerConfig(pulsar, topic, Map.of()),
            purchase -> {
              if (failedOnce.add(purchase.messageId())) {
                throw new IllegalStateException("simulated processing failure");
              }
            });
    produce(pulsar, topic, 5);

    await().untilAsserted(() -> assertThat(consumer.processed).hasSize(5));
    consumer.stop();
    // Every purchase was processed only after its failed first delivery came back.
    assertThat(consumer.ids()).containsExactlyInAnyOrderElementsOf(failedOnce);
    assertThat(consumer.metrics.nackedCount()).isEqualTo(5);
    assertThat(consumer.metrics.ackedCount()).isEqualTo(5);
  }

  @Test
  void aPurchaseThatKeepsFailingGoesToTheDeadLetterTopic(EmbeddedPulsar pulsar) throws Exception {
    String topic = uniqueTopic("poison");
    String deadLetters = topic + "-dlq";
    RecordingConsumer consumer =
        new RecordingConsumer(
            consumerConfig(
                pulsar,
                topic,
                Map.of(
                    ConfigKeys.SUBSCRIPTION_TYPE, "Shared",
                    ConfigKeys.DEAD_LETTER_MAX_REDELIVERIES, "2",
                    ConfigKeys.DEAD_LETTER_TOPIC, deadLetters)),
            purchase -> {
              throw new IllegalStateException("always fails");
            });
    try (PulsarClient client = PulsarClient.builder().serviceUrl(pulsar.serviceUrl()).build();
        var dlq =
            client
                .newConsumer(Schema.STRING)
                .topic(deadLetters)
                .subscriptionName("inspect")
                .subscribe()) {
      produce(pulsar, topic, 3);
      List<String> dead = new ArrayList<>();
      while (dead.size() < 3) {
        Message<String> message = dlq.receive(30, TimeUnit.SECONDS);
        assertThat(message).as("dead letter %d of 3", dead.size() + 1).isNotNull();
        dead.add(message.getValue());
      }
      assertThat(dead).allSatisfy(item -> assertThat(item).isIn(ProducerConfig.DEMO_ITEMS));
    } finally {
      consumer.stop();
    }
    // Each purchase was tried once and redelivered twice before it was given up.
    assertThat(consumer.metrics.nackedCount()).isEqualTo(9);
  }

  @Test
  void aSharedSubscriptionSpreadsPurchasesOverTwoConsumers(EmbeddedPulsar pulsar) {
    String topic = uniqueTopic("shared");
    // At the demo's pace each purchase is its own entry, which the broker hands out in turn.
    List<RecordingConsumer> consumers = twoConsumersReceive(pulsar, topic, "Shared", 200, "2ms");
    RecordingConsumer one = consumers.get(0);
    RecordingConsumer two = consumers.get(1);
    assertThat(one.processed).isNotEmpty();
    assertThat(two.processed).isNotEmpty();
    Set<String> all = new HashSet<>(one.ids());
    all.addAll(two.ids());
    assertThat(all).hasSize(200);
  }

  @Test
  void keySharedKeepsEachUserOnOneConsumerInOrder(EmbeddedPulsar pulsar) {
    String topic = uniqueTopic("key-shared");
    List<RecordingConsumer> consumers = twoConsumersReceive(pulsar, topic, "Key_Shared", 600, "0s");
    RecordingConsumer one = consumers.get(0);
    RecordingConsumer two = consumers.get(1);
    Set<String> usersOfOne = users(one.processed);
    Set<String> usersOfTwo = users(two.processed);
    assertThat(usersOfOne).isNotEmpty().doesNotContainAnyElementsOf(usersOfTwo);
    assertThat(usersOfTwo).isNotEmpty();
    for (RecordingConsumer consumer : List.of(one, two)) {
      consumer.processed.stream()
          .collect(Collectors.groupingBy(Purchase::user))
          .forEach(
              (user, purchases) ->
                  assertThat(purchases)
                      .as("purchases of %s in the order received", user)
                      .isSortedAccordingTo(BY_POSITION_IN_TOPIC));
    }
  }

  @Test
  void anExclusiveSubscriptionRefusesASecondConsumerWithAClearMessage(EmbeddedPulsar pulsar) {
    String topic = uniqueTopic("exclusive");
    RecordingConsumer first = RecordingConsumer.start(consumerConfig(pulsar, topic, Map.of()));
    await().until(first.consumer::isReady);

    PurchaseConsumer second =
        new PurchaseConsumer(
            consumerConfig(pulsar, topic, Map.of()), new WorkloadMetrics(), purchase -> {});
    assertThatThrownBy(second::run)
        .isInstanceOf(SubscriptionBusyException.class)
        .hasMessageContaining("subscription 'purchases-sub'")
        .hasMessageContaining("Exclusive")
        .hasMessageContaining("Set subscription.type to Shared, Failover or Key_Shared");
    first.stop();
  }

  /** Two consumers named one and two on one subscription receive {@code count} purchases. */
  private static List<RecordingConsumer> twoConsumersReceive(
      EmbeddedPulsar pulsar, String topic, String type, int count, String interval) {
    List<RecordingConsumer> consumers =
        Stream.of("one", "two")
            .map(
                name ->
                    RecordingConsumer.start(
                        consumerConfig(
                            pulsar,
                            topic,
                            Map.of(
                                ConfigKeys.SUBSCRIPTION_TYPE, type,
                                ConfigKeys.CONSUMER_NAME, name))))
            .toList();
    await().until(() -> consumers.stream().allMatch(c -> c.consumer.isReady()));
    produce(pulsar, topic, count, interval);
    await().until(() -> consumers.stream().mapToInt(c -> c.processed.size()).sum() >= count);
    consumers.forEach(RecordingConsumer::stop);
    return consumers;
  }

  private static Set<String> users(List<Purchase> purchases) {
    return purchases.stream().map(Purchase::user).collect(Collectors.toSet());
  }

  /** Message ids read "ledger:entry:partition:batchIndex"; the topic's order is that tuple's. */
  private static final Comparator<Purchase> BY_POSITION_IN_TOPIC =
      Comparator.comparing(
          purchase -> purchase.messageId().split(":"),
          (a, b) -> {
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
              int order = Long.compare(Long.parseLong(a[i]), Long.parseLong(b[i]));
              if (order != 0) {
                return order;
              }
            }
            return Integer.compare(a.length, b.length);
          });
}
