package io.letspulsar.workload;

import static io.letspulsar.workload.Harness.clientProperties;
import static io.letspulsar.workload.Harness.consumerConfig;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Delivery guarantees when producer and consumer processes die or the broker goes away. */
@ExtendWith(PulsarExtension.class)
class ResilienceTest {
  /**
   * Purchases the kill test runs for: {@code -Dresilience.purchases=10000} for the long variant;
   * the default run keeps the build's time (consumers logging every line take about 200 a second
   * here, so each thousand costs 5 s).
   */
  private static final int PURCHASES = Integer.getInteger("resilience.purchases", 4_000);

  /**
   * Two producers and two consumers (Key_Shared), one of them killed (SIGKILL) at random every two
   * to four seconds — a consumer two times in three, else a producer once it has produced 200 —
   * until {@link #PURCHASES} purchases of 24 users are produced and consumed by the consumers:
   * every purchase a producer logged as acknowledged by the broker is consumed at least once, no
   * consumer receives a user's purchases out of order, and the duplicates (consumed but not yet
   * acknowledged when a consumer died) are counted.
   */
  @Test
  void producersAndConsumersKilledAtRandomLoseNoAcknowledgedPurchaseAndKeepEachUsersOrder(
      EmbeddedPulsar pulsar, @TempDir Path dir) throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String topic = uniqueTopic("kill-both");
    Properties producer = clientProperties(pulsar);
    producer.setProperty(ConfigKeys.PRODUCER_TOPIC, topic);
    // Two producers at 250 a second each: as fast as two consumers logging every line keep up.
    producer.setProperty(ConfigKeys.PRODUCER_INTERVAL, "4ms");
    producer.setProperty(
        ConfigKeys.PRODUCER_USERS,
        IntStream.rangeClosed(1, 24).mapToObj(i -> "user-" + i).collect(Collectors.joining(",")));
    Properties consumer = clientProperties(pulsar);
    consumer.setProperty(ConfigKeys.CONSUMER_TOPIC, topic);
    consumer.setProperty(ConfigKeys.SUBSCRIPTION_NAME, "purchases-sub");
    consumer.setProperty(ConfigKeys.SUBSCRIPTION_TYPE, "Key_Shared");

    List<WorkloadProcess> producers = new ArrayList<>();
    List<WorkloadProcess> consumers = new ArrayList<>();
    // Each process logs every purchase, flushed before it acknowledges (consumer) or once the
    // broker acknowledged it (producer): its log is what it did, even when it is killed.
    WorkloadProcess[] consuming = new WorkloadProcess[2];
    WorkloadProcess[] producing = new WorkloadProcess[2];
    for (int i = 0; i < 2; i++) {
      consuming[i] = WorkloadProcess.startLoggingEveryLine("consumer", consumer, dir);
      consumers.add(consuming[i]);
      producing[i] = WorkloadProcess.startLoggingEveryLine("producer", producer, dir);
      producers.add(producing[i]);
    }
    int producerKills = 0;
    int consumerKills = 0;
    try {
      while (new HashSet<>(ids(consumers)).size() < PURCHASES) {
        Thread.sleep(2000 + random.nextInt(2000));
        int victim = random.nextInt(2);
        if (random.nextInt(3) == 0) {
          WorkloadProcess killed = producing[victim];
          // Killed with sends in flight: once it is producing, not while its JVM starts.
          await().atMost(Duration.ofMinutes(1)).until(() -> killed.purchaseIds().size() >= 200);
          killed.kill();
          producing[victim] = WorkloadProcess.startLoggingEveryLine("producer", producer, dir);
          producers.add(producing[victim]);
          producerKills++;
        } else {
          consuming[victim].kill();
          consuming[victim] = WorkloadProcess.startLoggingEveryLine("consumer", consumer, dir);
          consumers.add(consuming[victim]);
          consumerKills++;
        }
      }
    } finally {
      producers.forEach(WorkloadProcess::close);
    }
    Set<String> acknowledged = new HashSet<>(ids(producers));
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () -> {
                assertThat(new HashSet<>(ids(consumers))).containsAll(acknowledged);
                // A consumer restarted at the last kill may still be starting: stop it once it
                // consumes, so that its stop is the one under test.
                assertThat(consuming)
                    .allSatisfy(
                        survivor ->
                            assertThat(survivor.lines()).anyMatch(l -> l.contains(" consuming ")));
              });
      for (WorkloadProcess survivor : consuming) {
        assertThat(survivor.terminate()).as("exit code after SIGTERM").isEqualTo(143);
        assertThat(survivor.lines())
            .anyMatch(line -> line.matches(".* stopped: \\d+ purchases acknowledged; .*"));
      }
    } finally {
      consumers.forEach(WorkloadProcess::close);
    }

    List<String> consumed = ids(consumers);
    long reordered = consumers.stream().mapToLong(ResilienceTest::reorderings).sum();
    System.out.printf(
        "kill -9 test (seed %d, %d purchases): %d producer and %d consumer kills; %d purchases acknowledged to"
            + " producers, all consumed; %d consumed in all, %d duplicates; %d reordered%n",
        seed,
        PURCHASES,
        producerKills,
        consumerKills,
        acknowledged.size(),
        consumed.size(),
        consumed.size() - new HashSet<>(consumed).size(),
        reordered);
    assertThat(reordered).as("a user's purchases received out of order by a consumer").isZero();
    assertThat(consumers).allSatisfy(c -> assertThat(c.notPrinted()).isZero());
    assertThat(producerKills + consumerKills).isGreaterThanOrEqualTo(2);
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
    Instant restarted = Instant.now();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> producer.acknowledged() > acknowledgedAtRestart);
    System.out.printf(
        "35 s broker outage: purchases acknowledged again %d ms after the broker was back%n",
        Duration.between(restarted, Instant.now()).toMillis());
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> producer.isReady() && producer.acknowledged() >= acknowledgedAtRestart + 50);
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

  /** The message ids of the purchases these processes logged, in their order. */
  private static List<String> ids(List<WorkloadProcess> processes) {
    return processes.stream().flatMap(process -> process.purchaseIds().stream()).toList();
  }

  /** Purchases a process logged for a user after one of the same user with a later message id. */
  private static long reorderings(WorkloadProcess consumer) {
    Map<String, long[]> last = new HashMap<>();
    long reordered = 0;
    for (WorkloadProcess.Logged purchase : consumer.purchases()) {
      long[] position = position(purchase.id());
      long[] before = last.put(purchase.user(), position);
      if (before != null && Arrays.compare(position, before) < 0) {
        reordered++;
      }
    }
    return reordered;
  }

  /** A message id ({@code ledger:entry:partition[:batch index]}) as its position in the topic. */
  private static long[] position(String messageId) {
    String[] parts = messageId.split(":");
    return new long[] {
      Long.parseLong(parts[0]),
      Long.parseLong(parts[1]),
      parts.length > 3 ? Long.parseLong(parts[3]) : -1
    };
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
