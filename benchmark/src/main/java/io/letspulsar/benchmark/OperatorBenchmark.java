package io.letspulsar.benchmark;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.letspulsar.operator.Operators;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.pulsar.AdminPulsarTopics;
import io.letspulsar.operator.pulsar.MeteredPulsarTopics;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.testing.EmbeddedPulsar;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * N PurchaseStreams created at once against the fabric8 mock API server and a real Pulsar: time
 * until all are Ready, reconciles, API requests and Pulsar admin calls per stream, and writes per
 * resync once everything is Ready. The benchmark plays the Deployment controller (the mock has
 * none) with its own client, whose requests are not counted. Prints figures; asserts nothing.
 *
 * <p>Argument: {@code <streams>}.
 */
public final class OperatorBenchmark {
  private static final String NAMESPACE = "bench";
  private static final String BENCH_AGENT = "operator-benchmark";
  private static final Duration RESYNC = Duration.ofSeconds(5);

  private OperatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int streams = Integer.parseInt(args[0]);
    EmbeddedPulsar pulsar = EmbeddedPulsar.startNew();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    KubernetesClient operatorClient = server.createClient();
    KubernetesClient benchClient =
        server.createClient(
            builder -> builder.editOrNewConfig().withUserAgent(BENCH_AGENT).endConfig());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PulsarConnections connections =
        new PulsarConnections(
            url -> new MeteredPulsarTopics(AdminPulsarTopics.connect(url), registry));
    try {
      benchClient
          .resource(
              Serialization.unmarshal(
                  Files.readString(Path.of("../crds/purchasestreams.streams.letspulsar.io-v1.yml")),
                  CustomResourceDefinition.class))
          .create();
      playDeploymentController(benchClient);
      Operator operator =
          Operators.create(
              operatorClient,
              new OperatorConfig(pulsar.serviceUrl(), pulsar.adminUrl(), "workload:bench", RESYNC),
              connections,
              Set.of(NAMESPACE),
              Optional.empty(),
              MicrometerMetrics.withoutPerResourceMetrics(registry));
      operator.start();
      drain(server); // start-up requests (informer lists and watches) are not per stream

      long start = System.nanoTime();
      // "At once": as many parallel creates as a busy CI pipeline would send.
      ExecutorService creators = Executors.newFixedThreadPool(16);
      for (int i = 0; i < streams; i++) {
        String name = String.format(Locale.ROOT, "ps-%04d", i);
        creators.submit(() -> benchClient.resource(stream(name)).create());
      }
      creators.shutdown();
      creators.awaitTermination(10, TimeUnit.MINUTES);
      long created = System.nanoTime();
      while (ready(benchClient) < streams) {
        Thread.sleep(200);
      }
      long allReady = System.nanoTime();
      Counts toReady = drain(server);
      double reconciles = sum(registry, "operator.sdk.reconciliations.started");
      long adminReads = (long) sum(registry, "purchasestream.pulsar.admin.calls", "read");
      long adminWrites = (long) sum(registry, "purchasestream.pulsar.admin.calls", "write");

      // Let stats settle, then watch three resync periods.
      Thread.sleep(2 * RESYNC.toMillis());
      drain(server);
      long writesBefore = (long) sum(registry, "purchasestream.pulsar.admin.calls", "write");
      double reconcilesBefore = sum(registry, "operator.sdk.reconciliations.started");
      Thread.sleep(3 * RESYNC.toMillis());
      Counts resyncs = drain(server);
      long resyncAdminWrites =
          (long) sum(registry, "purchasestream.pulsar.admin.calls", "write") - writesBefore;
      double resyncReconciles =
          sum(registry, "operator.sdk.reconciliations.started") - reconcilesBefore;

      System.gc();
      Runtime runtime = Runtime.getRuntime();
      print(
          "operator benchmark: %d PurchaseStreams created at once (mock API server, real Pulsar)",
          streams);
      print(
          "  created in %.1f s; all Ready %.1f s after the first create (target < 60 s)",
          seconds(created - start), seconds(allReady - start));
      print(
          "  reconciles per stream %.2f; API requests per stream: %.2f reads, %.2f writes"
              + " (minimum writes: 2 ConfigMaps, Deployment, finalizer, status = 5)",
          reconciles / streams,
          (double) toReady.reads / streams,
          (double) toReady.writes / streams);
      print(
          "  Pulsar admin calls per stream: %.2f reads, %.2f writes",
          (double) adminReads / streams, (double) adminWrites / streams);
      print(
          "  3 resyncs after Ready (%.0f reconciles): %d API writes, %d admin writes (target 0)",
          resyncReconciles, resyncs.writes, resyncAdminWrites);
      print(
          "  heap used after GC %.0f MiB; process RSS %.0f MiB (this JVM also runs the broker and"
              + " the mock server)",
          (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0, rssKib() / 1024.0);
      operator.stop();
    } finally {
      connections.close();
      operatorClient.close();
      benchClient.close();
      server.destroy();
      pulsar.close();
    }
    System.exit(0);
  }

  private static PurchaseStream stream(String name) {
    return Serialization.unmarshal(
        "apiVersion: streams.letspulsar.io/v1alpha1\nkind: PurchaseStream\n"
            + "metadata: {name: "
            + name
            + ", namespace: "
            + NAMESPACE
            + "}\n"
            + "spec: {topic: {partitions: 0}}\n",
        PurchaseStream.class);
  }

  /** Reports every Deployment's pods ready, as the Deployment controller would. */
  private static void playDeploymentController(KubernetesClient client) {
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(Deployment deployment) {
                markReady(client, deployment);
              }

              @Override
              public void onUpdate(Deployment old, Deployment deployment) {
                markReady(client, deployment);
              }

              @Override
              public void onDelete(Deployment deployment, boolean unknown) {}
            });
  }

  private static void markReady(KubernetesClient client, Deployment deployment) {
    int replicas = deployment.getSpec().getReplicas();
    if (deployment.getStatus() != null
        && Integer.valueOf(replicas).equals(deployment.getStatus().getReadyReplicas())) {
      return;
    }
    deployment.setStatus(
        new DeploymentStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas).build());
    client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).updateStatus();
  }

  private static long ready(KubernetesClient client) {
    return client.resources(PurchaseStream.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(s -> s.condition("Ready").filter(c -> c.getStatus().equals("True")).isPresent())
        .count();
  }

  private record Counts(long reads, long writes) {}

  /** The operator's requests since the last drain, reads (GET) and writes apart. */
  private static Counts drain(KubernetesMockServer server) throws InterruptedException {
    long reads = 0;
    long writes = 0;
    for (RecordedRequest r; (r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null; ) {
      String agent = String.valueOf(r.getHeader("User-Agent"));
      if (agent.contains(BENCH_AGENT)) {
        continue;
      }
      if (r.getMethod().equals("GET")) {
        reads++;
      } else {
        writes++;
      }
    }
    return new Counts(reads, writes);
  }

  private static double sum(SimpleMeterRegistry registry, String name, String... kind) {
    return registry.find(name).counters().stream()
        .filter(c -> kind.length == 0 || kind[0].equals(c.getId().getTag("kind")))
        .mapToDouble(Counter::count)
        .sum();
  }

  private static long rssKib() throws java.io.IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
        .findFirst()
        .orElse(0L);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
