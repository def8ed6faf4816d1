package io.letspulsar.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.letspulsar.operator.CountingMetrics;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.pulsar.AdminPulsarTopics;
import io.letspulsar.operator.pulsar.MeteredPulsarTopics;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.testing.ControlPlaneExtension;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.LocalControlPlane;
import io.letspulsar.testing.LocalControlPlane.AuditedRequest;
import io.letspulsar.testing.LocalKubelet;
import io.letspulsar.testing.PulsarExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator benchmark's checks at a size CI runs: a hundred streams made at once on the real
 * control plane, their pods on a hollow node. All become Ready with at most 7 writes each, resyncs
 * once Ready write nothing, and an operator that restarts with all of them present writes nothing
 * and asks Pulsar about no topic (it checks them over the check period).
 */
@ExtendWith({ControlPlaneExtension.class, PulsarExtension.class})
class ScaleOnClusterTest {
  private static final String NAMESPACE = "fleet";
  private static final String OPERATOR_NAMESPACE = "fleet-operator";
  private static final int STREAMS = 100;
  private static final Duration STATS_PERIOD = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @TempDir Path scratch;
  private Operator operator;

  @Test
  void aHundredStreamsBecomeReadyAndResyncsAndARestartWriteNothing(
      LocalControlPlane cluster, EmbeddedPulsar pulsar) throws Exception {
    KubernetesClient admin = cluster.client();
    Clusters.installCrds(cluster);
    Clusters.createNamespace(cluster, NAMESPACE);
    SimpleMeterRegistry adminCalls = new SimpleMeterRegistry();
    OperatorConfig config =
        new OperatorConfig(
            PulsarCluster.unsecured(pulsar.adminUrl(), pulsar.serviceUrl()),
            "purchasestream-workload:hollow",
            STATS_PERIOD,
            Duration.ofMinutes(10),
            false);
    try (ChartOperator chart = ChartOperator.install(cluster, OPERATOR_NAMESPACE);
        LocalKubelet kubelet = LocalKubelet.hollow(admin, NAMESPACE, System.out::println);
        PulsarConnections connections =
            new PulsarConnections(
                c -> new MeteredPulsarTopics(AdminPulsarTopics.connect(c), adminCalls),
                4,
                Duration.ofMinutes(1),
                Clock.systemUTC())) {
      CountingMetrics reconciliations = chart.counting();
      operator = chart.start(config, connections, scratch, reconciliations);
      try {
        checkFleet(cluster, chart, config, connections, reconciliations, adminCalls);
      } finally {
        Clusters.deleteAllStreams(admin, NAMESPACE, TIMEOUT);
        operator.stop();
      }
    }
  }

  /** The checks, from the streams' creation to a restarted operator ({@link #operator}). */
  private void checkFleet(
      LocalControlPlane cluster,
      ChartOperator chart,
      OperatorConfig config,
      PulsarConnections connections,
      CountingMetrics reconciliations,
      SimpleMeterRegistry adminCalls)
      throws InterruptedException {
    KubernetesClient admin = cluster.client();
    Instant start = Instant.now();
    create(admin);
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .alias("all " + STREAMS + " streams Ready")
        .until(() -> ready(admin) == STREAMS);

    Map<String, List<String>> writes = writesByStream(cluster, chart, start, Instant.now());
    assertThat(writes).as("streams the operator wrote for").hasSize(STREAMS);
    assertThat(writes.values())
        .as("the operator's writes per stream until Ready (target: at most 7)")
        .allSatisfy(stream -> assertThat(stream).hasSizeLessThanOrEqualTo(7));

    Instant resyncsStart = Instant.now();
    List<CountingMetrics.Window> resyncs = windows(reconciliations);
    Instant resyncsEnd = awaitAll(resyncs, 2);
    assertThat(writesByStream(cluster, chart, resyncsStart, resyncsEnd))
        .as("writes during two resyncs of every stream after Ready")
        .isEmpty();

    operator.stop();
    Instant restart = Instant.now();
    double reads = count(adminCalls, "read");
    double adminWrites = count(adminCalls, "write");
    CountingMetrics restarted = chart.counting();
    List<CountingMetrics.Window> afterRestart = windows(restarted);
    operator = chart.start(config, connections, scratch, restarted);
    Instant converged = awaitAll(afterRestart, 1);
    assertThat(writesByStream(cluster, chart, restart, converged))
        .as("writes of a restarted operator with every stream present")
        .isEmpty();
    assertThat(count(adminCalls, "write"))
        .as("Pulsar admin writes on restart")
        .isEqualTo(adminWrites);
    // The statuses say the topics are in line: they are checked over the next check period
    // (10 minutes), the few due in the first seconds only.
    assertThat(count(adminCalls, "read") - reads)
        .as("topics read on restart")
        .isLessThan(STREAMS / 10.0);
  }

  private static String name(int i) {
    return String.format(Locale.ROOT, "fleet-%03d", i);
  }

  /** All at once: as many parallel creates as a busy pipeline sends. */
  private static void create(KubernetesClient admin) throws InterruptedException {
    ExecutorService creators = Executors.newFixedThreadPool(8);
    for (int i = 0; i < STREAMS; i++) {
      String stream = Clusters.stream(NAMESPACE, name(i), "topic: {partitions: 0}");
      creators.submit(
          () -> admin.resource(Serialization.unmarshal(stream, PurchaseStream.class)).create());
    }
    creators.shutdown();
    assertThat(creators.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
  }

  private static long ready(KubernetesClient admin) {
    return admin.resources(PurchaseStream.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(s -> s.condition("Ready").filter(c -> c.getStatus().equals("True")).isPresent())
        .count();
  }

  private static List<CountingMetrics.Window> windows(CountingMetrics metrics) {
    return IntStream.range(0, STREAMS).mapToObj(i -> metrics.from(NAMESPACE, name(i))).toList();
  }

  /** Waits until every stream was reconciled this many times; returns when the last finished. */
  private static Instant awaitAll(List<CountingMetrics.Window> windows, int count) {
    return windows.stream()
        .map(window -> window.awaitFinished(count, TIMEOUT))
        .max(Instant::compareTo)
        .orElseThrow();
  }

  /** The operator's writes in a window, as "verb resource", by the stream they were for. */
  private static Map<String, List<String>> writesByStream(
      LocalControlPlane cluster, ChartOperator chart, Instant from, Instant to) {
    return cluster.writes().stream()
        .filter(w -> w.user().equals(chart.user()))
        .filter(w -> w.namespace().equals(NAMESPACE))
        .filter(w -> !w.time().isBefore(from) && !w.time().isAfter(to))
        .collect(
            Collectors.groupingBy(
                ScaleOnClusterTest::stream,
                Collectors.mapping(w -> w.verb() + " " + w.resource(), Collectors.toList())));
  }

  /** The stream a write was for: events and ConfigMaps carry its name before a suffix. */
  private static String stream(AuditedRequest write) {
    return write.name().substring(0, Math.min(write.name().length(), "fleet-000".length()));
  }

  private static double count(SimpleMeterRegistry registry, String kind) {
    return registry.find("purchasestream.pulsar.admin.calls").tag("kind", kind).counter().count();
  }
}
