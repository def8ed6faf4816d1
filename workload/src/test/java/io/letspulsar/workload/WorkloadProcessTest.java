package io.letspulsar.workload;

import static io.letspulsar.workload.Harness.clientProperties;
import static io.letspulsar.workload.Harness.produce;
import static io.letspulsar.workload.Harness.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.PulsarExtension;
import io.letspulsar.workload.runtime.LogThrottle;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in its own JVM: probes, metrics, signals and exit codes. */
@ExtendWith(PulsarExtension.class)
class WorkloadProcessTest {
  /** Purchases sent as fast as the broker allows: well over a period's lines. */
  private static final int FAST = 5000;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theProducerServesProbesAndMetricsAndFlushesOnSigterm(
      EmbeddedPulsar pulsar, @TempDir Path dir) throws Exception {
    int port = freePort();
    Properties config = clientProperties(pulsar);
    config.setProperty(ConfigKeys.HEALTH_PORT, Integer.toString(port));
    config.setProperty(ConfigKeys.PRODUCER_TOPIC, uniqueTopic("process"));
    config.setProperty(ConfigKeys.PRODUCER_INTERVAL, "50ms");

    try (WorkloadProcess producer = WorkloadProcess.start("producer", config, dir)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> status(port, "/readyz") == 200);
      assertThat(status(port, "/livez")).isEqualTo(200);
      await()
          .untilAsserted(
              () ->
                  assertThat(body(port, "/metrics"))
                      .containsPattern("purchases_produced_total [1-9]")
                      .contains("purchases_send_latency_seconds_bucket")
                      .contains("purchases_send_failures_total 0.0"));
      assertThat(producer.lines())
          .anyMatch(line -> line.matches(".*produced \".+\" for \\w+ as \\S+"));

      assertThat(producer.terminate()).isEqualTo(143);
      // At 20 a second every acknowledged purchase has its own line.
      assertThat(producer.lines())
          .anyMatch(
              line ->
                  line.matches(
                      ".*producer stopped: "
                          + producer.purchaseIds().size()
                          + " purchases acknowledged, 0 failed send attempts, 0 unacknowledged; .*"));
      assertThat(producer.notPrinted()).isZero();
    }
  }

  @Test
  void theProducerAtFullSpeedSummarizesInsteadOfALinePerPurchase(
      EmbeddedPulsar pulsar, @TempDir Path dir) throws Exception {
    Properties config = clientProperties(pulsar);
    config.setProperty(ConfigKeys.PRODUCER_TOPIC, uniqueTopic("full-speed"));
    config.setProperty(ConfigKeys.PRODUCER_INTERVAL, "0s");
    config.setProperty(ConfigKeys.PRODUCER_MAX_MESSAGES, Integer.toString(FAST));

    try (WorkloadProcess producer = WorkloadProcess.start("producer", config, dir)) {
      assertThat(producer.awaitExit()).isZero();
      assertSummarized(producer, FAST);
    }
  }

  @Test
  void theConsumerPrintsEachPurchaseOfASlowStreamAndSummarizesAFastOne(
      EmbeddedPulsar pulsar, @TempDir Path dir) throws Exception {
    int port = freePort();
    String topic = uniqueTopic("consumer-lines");
    Properties config = clientProperties(pulsar);
    config.setProperty(ConfigKeys.HEALTH_PORT, Integer.toString(port));
    config.setProperty(ConfigKeys.CONSUMER_TOPIC, topic);
    config.setProperty(ConfigKeys.SUBSCRIPTION_NAME, "purchases-sub");

    try (WorkloadProcess consumer = WorkloadProcess.start("consumer", config, dir)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> status(port, "/readyz") == 200);
      produce(pulsar, topic, 20, "20ms");
      await().untilAsserted(() -> assertThat(consumer.purchaseIds()).hasSize(20));

      produce(pulsar, topic, FAST);
      int total = 20 + FAST;
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () -> assertThat(body(port, "/metrics")).contains("purchases_acked_total " + total));
      assertThat(consumer.terminate()).isEqualTo(143);
      assertThat(consumer.lines())
          .anyMatch(line -> line.contains(" stopped: " + total + " purchases acknowledged;"));
      assertSummarized(consumer, total);
      assertThat(consumer.purchaseIds()).doesNotHaveDuplicates();
    }
  }

  /**
   * Of {@code total} purchases at full speed, at most two periods' worth of lines (the stream may
   * start just before a period ends); every other purchase is counted by a summary.
   */
  private static void assertSummarized(WorkloadProcess process, int total) {
    int lines = process.purchaseIds().size();
    assertThat(lines).isLessThanOrEqualTo(2 * (int) LogThrottle.LINES_PER_PERIOD);
    assertThat(lines + process.notPrinted()).isEqualTo(total);
    assertThat(process.lines())
        .anyMatch(
            line ->
                line.matches(
                    ".* (produced|consumed) \\d+ purchases in [\\d.]+ s \\([\\d.]+/s\\), \\d+ not"
                        + " printed one by one; \\d+ acknowledged in all, .*latency p50 .*"));
  }

  @Test
  void aBadConfigurationStopsTheProcessWithTheKeyAndExitCode2(@TempDir Path dir) throws Exception {
    Properties config = new Properties();
    config.setProperty(ConfigKeys.SERVICE_URL, "pulsar://127.0.0.1:6650");
    config.setProperty(ConfigKeys.CONSUMER_TOPIC, "persistent://public/default/purchases");
    config.setProperty(ConfigKeys.SUBSCRIPTION_NAME, "purchases-sub");
    config.setProperty(ConfigKeys.SUBSCRIPTION_TYPE, "Round_Robin");

    try (WorkloadProcess consumer = WorkloadProcess.start("consumer", config, dir)) {
      assertThat(consumer.awaitExit()).isEqualTo(2);
      assertThat(consumer.lines())
          .anyMatch(line -> line.contains("subscription.type: 'Round_Robin' is not allowed"));
    }
  }

  private int status(int port, String path) {
    try {
      return http.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String body(int port, String path) throws Exception {
    return http.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
