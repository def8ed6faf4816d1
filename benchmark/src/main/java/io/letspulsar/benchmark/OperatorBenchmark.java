package io.letspulsar.benchmark;

import static io.letspulsar.benchmark.Jvms.print;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.testing.Crds;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.FreePorts;
import io.letspulsar.testing.LocalControlPlane;
import io.letspulsar.testing.LocalKubelet;
import io.letspulsar.testing.Loopback;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * N PurchaseStreams created at once on a real control plane (etcd, kube-apiserver and
 * kube-controller-manager, as {@link LocalControlPlane} runs them), their pods on a hollow node
 * ({@link LocalKubelet#hollow}), their topics on a real Pulsar, and the operator in a JVM of its
 * own with the chart's JVM flags and memory limit. Prints: time to the first and to all Ready, the
 * operator's peak RSS and heap after GC, its API requests per stream by verb and resource (from the
 * API server's audit log), its Pulsar admin calls per stream, what it writes per resync once all
 * are Ready, and what a restart with all streams present costs. Asserts nothing.
 *
 * <p>Argument: {@code <streams>}.
 */
public final class OperatorBenchmark {
  private static final String NAMESPACE = "bench";
  private static final String OPERATOR_NAMESPACE = "bench-operator";
  private static final String ACCOUNT = "purchasestream-operator";
  private static final String OPERATOR_USER =
      "system:serviceaccount:" + OPERATOR_NAMESPACE + ":" + ACCOUNT;
  private static final Duration STATS_PERIOD = Duration.ofSeconds(30);

  /** How long all may take to become Ready: 30 minutes, or 0.5 s a stream for more than 3,600. */
  private final Duration readyTimeout;

  private static final Path ROOT = Path.of("..");

  private final int streams;
  private final Path work;
  private final EmbeddedPulsar pulsar;
  private final LocalControlPlane cluster;
  private final KubernetesClient admin;
  private final Map<String, Instant> readyAt = new ConcurrentHashMap<>();
  private final int healthPort = FreePorts.next();

  private OperatorBenchmark(
      int streams, Path work, EmbeddedPulsar pulsar, LocalControlPlane cluster) {
    this.streams = streams;
    this.readyTimeout =
        Duration.ofMillis(Math.max(Duration.ofMinutes(30).toMillis(), streams * 500L));
    this.work = work;
    this.pulsar = pulsar;
    this.cluster = cluster;
    this.admin = cluster.client();
  }

  public static void main(String[] args) throws Exception {
    int streams = Integer.parseInt(args[0]);
    Path work = Files.createDirectories(Path.of("target", "operator-benchmark"));
    try (EmbeddedPulsar pulsar = EmbeddedPulsar.startNew();
        LocalControlPlane cluster = LocalControlPlane.start()) {
      new OperatorBenchmark(streams, work, pulsar, cluster).run();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    installCrds();
    for (String namespace : List.of(NAMESPACE, OPERATOR_NAMESPACE)) {
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    Map<String, String> env = operatorEnvironment(operatorToken());
    List<String> flags = operatorJvmFlags();
    try (LocalKubelet kubelet = LocalKubelet.hollow(admin, NAMESPACE, System.err::println);
        SharedIndexInformer<PurchaseStream> watch = watchReady()) {
      OperatorProcess operator = OperatorProcess.start(env, flags, work.resolve("operator.log"));
      Instant start = Instant.now();
      Cpu before = Cpu.now(operator);
      create();
      Instant created = Instant.now();
      awaitAllReady(start);
      Instant allReady = Instant.now();
      Cpu toAllReady = Cpu.now(operator).minus(before);
      Instant firstReady = readyAt.values().stream().min(Instant::compareTo).orElseThrow();
      Map<String, Long> toReady = operatorRequests(start, allReady);
      double reads = operator.metric("purchasestream_pulsar_admin_calls_total", "kind=\"read\"");
      double writes = operator.metric("purchasestream_pulsar_admin_calls_total", "kind=\"write\"");

      print(
          "operator benchmark: %d PurchaseStreams created at once (real control plane, hollow"
              + " node, real Pulsar)",
          streams);
      print("  created in %.1f s (16 parallel creates)", seconds(start, created));
      print(
          "  first Ready after %.1f s; all Ready after %.1f s",
          seconds(start, firstReady), seconds(start, allReady));
      print(
          "  CPU until all Ready: operator %.0f s, this JVM (Pulsar, hollow node, watch) %.0f s,"
              + " the rest (API server, etcd, controller manager) %.0f s; %.0f of the %.0f s"
              + " the %d cores had",
          toAllReady.operator(),
          toAllReady.benchmark(),
          toAllReady.machine() - toAllReady.operator() - toAllReady.benchmark(),
          toAllReady.machine(),
          seconds(start, allReady) * Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().availableProcessors());
      printRequests("  operator's API requests per stream until all Ready:", toReady);
      print(
          "  Pulsar admin calls per stream: %.2f reads, %.2f writes",
          reads / streams, writes / streams);

      steadyState(operator);
      print(
          "  operator heap after GC %.0f MiB; peak RSS %.0f MiB",
          operator.heapAfterGcKib() / 1024.0, operator.peakRssKib() / 1024.0);
      operator.close();
      restart(env, flags);
    }
  }

  /** CPU seconds used so far: by the operator, by this JVM, by the whole machine. */
  private record Cpu(double operator, double benchmark, double machine) {
    static Cpu now(OperatorProcess operator) throws IOException {
      return new Cpu(
          operator.cpuSeconds(),
          Jvms.cpuSeconds(ProcessHandle.current().pid()),
          Jvms.machineCpuSeconds());
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(
          operator - earlier.operator, benchmark - earlier.benchmark, machine - earlier.machine);
    }
  }

  /** Three stats periods (each one a resync of every stream) once the figures settled. */
  private void steadyState(OperatorProcess operator) throws Exception {
    Thread.sleep(2 * STATS_PERIOD.toMillis());
    Instant from = Instant.now();
    double reconciles = operator.metric("operator_sdk_reconciliations_started_total", "");
    double adminWrites =
        operator.metric("purchasestream_pulsar_admin_calls_total", "kind=\"write\"");
    double stats = operator.metric("purchasestream_pulsar_admin_calls_total", "kind=\"stats\"");
    Thread.sleep(3 * STATS_PERIOD.toMillis());
    Instant to = Instant.now();
    long apiWrites = writes(operatorRequests(from, to));
    print(
        "  3 stats periods of %s after Ready: %.0f reconciles, %d API writes, %.0f admin writes,"
            + " %.0f stats calls (%.1f per period)",
        STATS_PERIOD,
        operator.metric("operator_sdk_reconciliations_started_total", "") - reconciles,
        apiWrites,
        operator.metric("purchasestream_pulsar_admin_calls_total", "kind=\"write\"") - adminWrites,
        operator.metric("purchasestream_pulsar_admin_calls_total", "kind=\"stats\"") - stats,
        (operator.metric("purchasestream_pulsar_admin_calls_total", "kind=\"stats\"") - stats) / 3);
  }

  /**
   * A new operator process with every stream present: how long until it reconciled them all, and
   * what it wrote meanwhile (nothing changed, so nothing should be).
   */
  private void restart(Map<String, String> env, List<String> flags) throws Exception {
    Instant stopped = Instant.now();
    try (OperatorProcess operator =
        OperatorProcess.start(env, flags, work.resolve("operator-restarted.log"))) {
      Instant started = Instant.now();
      while (operator.metric("operator_sdk_reconciliations_success_total", "") < streams) {
        Thread.sleep(500);
      }
      Instant converged = Instant.now();
      Thread.sleep(5_000);
      Map<String, Long> requests = operatorRequests(stopped, Instant.now());
      print(
          "  restart with all present: ready in %.1f s, every stream reconciled %.1f s later;"
              + " %d API writes, %.0f admin writes",
          seconds(stopped, started),
          seconds(started, converged),
          writes(requests),
          operator.metric("purchasestream_pulsar_admin_calls_total", "kind=\"write\""));
      printRequests("  operator's API requests per stream on restart:", requests);
    }
  }

  private void installCrds() throws IOException {
    for (String crd :
        List.of(
            "purchasestreams.streams.letspulsar.io-v1.yml",
            "pulsarconnections.streams.letspulsar.io-v1.yml")) {
      CustomResourceDefinition definition =
          Serialization.unmarshal(
              Files.readString(ROOT.resolve("crds").resolve(crd)), CustomResourceDefinition.class);
      Crds.install(admin, definition);
    }
  }

  /**
   * A service account for the operator, bound to cluster-admin (the chart's narrower rules are
   * checked by OperatorOnClusterTest; here they would only add the RBAC cache's cost) and a token
   * of it: the audit log tells its requests from the benchmark's and the kubelet's.
   */
  private String operatorToken() {
    admin
        .serviceAccounts()
        .inNamespace(OPERATOR_NAMESPACE)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(ACCOUNT).endMetadata().build())
        .create();
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(ACCOUNT)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(ACCOUNT)
                .withNamespace(OPERATOR_NAMESPACE)
                .endSubject()
                .build())
        .create();
    return admin
        .serviceAccounts()
        .inNamespace(OPERATOR_NAMESPACE)
        .withName(ACCOUNT)
        .tokenRequest(
            new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(Duration.ofHours(12).toSeconds())
                .endSpec()
                .build())
        .getStatus()
        .getToken();
  }

  /** What the chart's Deployment sets, and the Kubernetes client's settings in its place. */
  private Map<String, String> operatorEnvironment(String token) {
    Map<String, String> env = new HashMap<>();
    env.put("PULSAR_ADMIN_URL", pulsar.adminUrl());
    env.put("PULSAR_SERVICE_URL", pulsar.serviceUrl());
    env.put("WATCH_NAMESPACES", NAMESPACE);
    env.put("POD_NAMESPACE", OPERATOR_NAMESPACE);
    env.put("STATS_PERIOD", STATS_PERIOD.toSeconds() + "s");
    env.put("HEALTH_PORT", Integer.toString(healthPort));
    env.put("HEALTH_ADDRESS", Loopback.ADDRESS);
    env.put("WORKLOAD_IMAGE", "purchasestream-workload:bench");
    env.put("OPERATOR_LOG_LEVEL", "WARN");
    env.putAll(cluster.clientEnvironment(token, OPERATOR_NAMESPACE));
    return env;
  }

  /**
   * The image's JVM flags, with the memory the chart's limit gives the container (the JVM sizes its
   * heap from it as from a cgroup limit), and the operator's own logging configuration.
   */
  @SuppressWarnings("unchecked")
  private static List<String> operatorJvmFlags() throws IOException {
    Map<String, Object> values =
        Serialization.unmarshal(
            Files.readString(ROOT.resolve("helm/purchasestream-operator/values.yaml")), Map.class);
    Map<String, Object> limits =
        (Map<String, Object>) ((Map<String, Object>) values.get("resources")).get("limits");
    String memory = limits.get("memory").toString();
    List<String> flags = new ArrayList<>();
    flags.add("@" + ROOT.resolve("operator/src/main/jib/app/jvm.options").toAbsolutePath());
    flags.add("-XX:MaxRAM=" + memory.replace("Mi", "m").replace("Gi", "g"));
    flags.add("-Dlog4j2.configurationFile=log4j2.xml");
    return flags;
  }

  /** Creates the streams "at once": as many parallel creates as a busy pipeline sends. */
  private void create() throws InterruptedException {
    ExecutorService creators = Executors.newFixedThreadPool(16);
    for (int i = 0; i < streams; i++) {
      String name = String.format(Locale.ROOT, "ps-%05d", i);
      creators.submit(() -> admin.resource(stream(name)).create());
    }
    creators.shutdown();
    creators.awaitTermination(readyTimeout.toMinutes(), TimeUnit.MINUTES);
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

  /** Notes when each stream is first Ready. */
  private SharedIndexInformer<PurchaseStream> watchReady() {
    return admin
        .resources(PurchaseStream.class)
        .inNamespace(NAMESPACE)
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(PurchaseStream stream) {
                seen(stream);
              }

              @Override
              public void onUpdate(PurchaseStream old, PurchaseStream stream) {
                seen(stream);
              }

              @Override
              public void onDelete(PurchaseStream stream, boolean unknownFinalState) {}
            });
  }

  private void seen(PurchaseStream stream) {
    if (stream.condition("Ready").filter(c -> c.getStatus().equals("True")).isPresent()) {
      readyAt.putIfAbsent(stream.getMetadata().getName(), Instant.now());
    }
  }

  private void awaitAllReady(Instant start) throws InterruptedException {
    Instant deadline = start.plus(readyTimeout);
    Instant report = Instant.now();
    while (readyAt.size() < streams) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            readyAt.size() + " of " + streams + " Ready after " + readyTimeout);
      }
      if (Instant.now().isAfter(report)) {
        System.err.printf(
            Locale.ROOT,
            "  %d of %d Ready after %.0f s%n",
            readyAt.size(),
            streams,
            seconds(start, Instant.now()));
        report = Instant.now().plusSeconds(30);
      }
      Thread.sleep(200);
    }
  }

  /** The operator's requests in a window, counted by verb and resource. */
  private Map<String, Long> operatorRequests(Instant from, Instant to) {
    return cluster.requests().stream()
        .filter(r -> r.user().equals(OPERATOR_USER))
        .filter(r -> !r.time().isBefore(from) && r.time().isBefore(to))
        .collect(
            Collectors.groupingBy(
                r -> r.verb() + " " + r.resource() + (r.isWrite() ? " (write)" : ""),
                TreeMap::new,
                Collectors.counting()));
  }

  private static long writes(Map<String, Long> requests) {
    return requests.entrySet().stream()
        .filter(e -> e.getKey().endsWith("(write)"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private void printRequests(String title, Map<String, Long> requests) {
    long total = requests.values().stream().mapToLong(Long::longValue).sum();
    print(
        "%s %.2f, of which writes %.2f",
        title, (double) total / streams, (double) writes(requests) / streams);
    requests.forEach((what, count) -> print("    %-48s %8.2f", what, (double) count / streams));
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
