package io.letspulsar.workload;

import static io.letspulsar.workload.Harness.clientProperties;
import static io.letspulsar.workload.Harness.consumerConfig;
import static io.letspulsar.workload.Harness.produce;
import static io.letspulsar.workload.Harness.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.PulsarExtension;
import io.letspulsar.workload.Harness.RecordingConsumer;
import io.letspulsar.workload.Harness.Running;
import io.letspulsar.workload.producer.PurchaseProducer;
import io.letspulsar.workload.runtime.WorkloadMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Delivery guarantees when a consumer process dies or the broker goes away. */
@ExtendWith(PulsarExtension.class)
class ResilienceTest {
  private static final int MESSAGES = 10_000;

  @Test
  void aConsumerKilledMidStreamLosesNothing(EmbeddedPulsar pulsar, @TempDir Path dir)
      throws Exception {
    String topic = uniqueTopic("at-least-once");
    produce(pulsar, topic, MESSAGES);
    Properties config = clientProperties(pulsar);
    config.setProperty(ConfigKeys.CONSUMER_TOPIC, topic);
    config.setProperty(ConfigKeys.SUBSCRIPTION_NAME, "purchases-sub");

    List<String> beforeKill;
    // A line for every purchase, flushed before its acknowledgement: the test reads the message
    // ids from them.
    try (WorkloadProcess first = WorkloadProcess.startLoggingEveryLine("consumer", config, dir)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> first.purchaseIds().size() >= MESSAGES / 3);
      first.kill();
      beforeKill = first.purchaseIds();
    }
    assertThat(beforeKill).hasSizeLessThan(MESSAGES);

    try (WorkloadProcess second = WorkloadProcess.startLoggingEveryLine("consumer", config, dir)) {
      Set<String> seen = new HashSet<>(beforeKill);
      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () -> {
                Set<String> union = new HashSet<>(seen);
                union.addAll(second.purchaseIds());
                assertThat(union).hasSize(MESSAGES);
              });
      assertThat(second.terminate()).as("exit code after SIGTERM").isEqualTo(143);
      assertThat(second.lines())
          .anyMatch(line -> line.matches(".* stopped: \\d+ purchases acknowledged; .*"));
      List<String> afterRestart = second.purchaseIds();
      long redelivered = afterRestart.stream().filter(seen::contains).count();
      System.out.printf(
          "at-least-once: %d purchases, %d seen before the kill, %d after the restart,"
              + " %d duplicates (seen but not yet acknowledged when killed)%n",
          MESSAGES, beforeKill.size(), afterRestart.size(), redelivered);
      assertThat(afterRestart).doesNotHaveDuplicates();
      assertThat(second.notPrinted()).isZero();
    }
  }

  /**
   * Longer than the send timeout Pulsar's client has by default (30 s): a producer with one would
   * fail its pending sends, and sending them again would put them after later purchases.
   */
  @Test
  void aBrokerOutageLongerThanASendTimeoutDelaysPurchasesWithoutResendingAny(EmbeddedPulsar pulsar)
      throws InterruptedException {
    String topic = uniqueTopic("long-outage");
    RecordingConsumer consumer = RecordingConsumer.start(consumerConfig(pulsar, topic, Map.of()));
    WorkloadMetrics metrics = new WorkloadMetrics();
    PurchaseProducer producer =
        new PurchaseProducer(
            Harness.producerConfig(pulsar, topic, Map.of(ConfigKeys.PRODUCER_INTERVAL, "100ms")),
            metrics);
    Running producing = Running.start(producer);
    await().until(() -> producer.acknowledged() >= 20);

    pulsar.stop();
    try {
      Thread.sleep(Duration.ofSeconds(35).toMillis());
    } finally {
      pulsar.start();
    }
    long acknowledgedAtRestart = producer.acknowledged();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> producer.isReady() && producer.acknowledged() >= acknowledgedAtRestart + 300);
    producing.stop();

    // The client kept the purchases and sent them again itself, in order, once reconnected.
    assertThat(metrics.sendFailureCount()).as("sends the application had to repeat").isZero();
    consumesEveryAcknowledgedPurchase(consumer, producer.acknowledged());
  }

  @Test
  void theProducerRidesOutABrokerRestartWithoutLosingAcknowledgedPurchases(EmbeddedPulsar pulsar) {
    String topic = uniqueTopic("broker-restart");
    RecordingConsumer consumer = RecordingConsumer.start(consumerConfig(pulsar, topic, Map.of()));
    PurchaseProducer producer =
        Harness.producer(pulsar, topic, Map.of(ConfigKeys.PRODUCER_INTERVAL, "20ms"));
    Running producing = Running.start(producer);
    await().until(() -> producer.acknowledged() >= 50);

    pulsar.stop();
    await().until(() -> !producer.isReady());
    long acknowledgedWhileDown = producer.acknowledged();
    pulsar.start();

    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> producer.isReady() && producer.acknowledged() >= acknowledgedWhileDown + 50);
    producing.stop();
    assertThat(producing.exit()).isCompleted();

    consumesEveryAcknowledgedPurchase(consumer, producer.acknowledged());
  }

  /** The consumer got at least as many distinct purchases as the broker acknowledged; stops it. */
  private static void consumesEveryAcknowledgedPurchase(
      RecordingConsumer consumer, long acknowledged) {
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                assertThat(new HashSet<>(consumer.ids()))
                    .hasSizeGreaterThanOrEqualTo((int) acknowledged));
    consumer.stop();
  }
}
