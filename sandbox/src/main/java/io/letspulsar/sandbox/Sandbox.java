package io.letspulsar.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.letspulsar.operator.OperatorRuntime;
import io.letspulsar.operator.OperatorSettings;
import io.letspulsar.operator.connection.OwnPulsar;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.FreePorts;
import io.letspulsar.testing.LocalControlPlane;
import io.letspulsar.testing.LocalKubelet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product on one machine with nothing installed: a Pulsar broker (embedded, or one given
 * with {@code --pulsar-url}), a real Kubernetes control plane, the operator in-process with its
 * production settings, a kubelet for the workload's pods, and a PurchaseStream applied from a file.
 * Ctrl-C stops everything and deletes all of it.
 */
public final class Sandbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  private static final List<String> CRDS =
      List.of(
          "META-INF/fabric8/purchasestreams.streams.letspulsar.io-v1.yml",
          "META-INF/fabric8/pulsarconnections.streams.letspulsar.io-v1.yml");

  private final Optional<EmbeddedPulsar> embedded;
  private final LocalControlPlane cluster;
  private final LocalKubelet kubelet;
  private final OperatorRuntime operator;

  private Sandbox(
      Optional<EmbeddedPulsar> embedded,
      LocalControlPlane cluster,
      LocalKubelet kubelet,
      OperatorRuntime operator) {
    this.embedded = embedded;
    this.cluster = cluster;
    this.kubelet = kubelet;
    this.operator = operator;
  }

  /**
   * Starts every part, installs the CRD and applies the stream file.
   *
   * @param output receives every line the workload's containers print
   */
  public static Sandbox start(SandboxOptions options, Consumer<String> output) {
    Optional<EmbeddedPulsar> embedded = Optional.empty();
    LocalControlPlane cluster = null;
    LocalKubelet kubelet = null;
    try {
      String serviceUrl;
      String adminUrl;
      if (options.pulsarUrl().isPresent()) {
        serviceUrl = options.pulsarUrl().get();
        adminUrl = options.pulsarAdminUrl();
      } else {
        LOG.info("starting an embedded Pulsar broker...");
        embedded = Optional.of(EmbeddedPulsar.startNew());
        serviceUrl = embedded.get().serviceUrl();
        adminUrl = embedded.get().adminUrl();
      }
      LOG.info(
          "Pulsar at {} (admin {}); starting a Kubernetes control plane...", serviceUrl, adminUrl);
      cluster = LocalControlPlane.start();
      installCrds(cluster.client());
      OperatorSettings settings =
          OperatorSettings.fromEnvironment(
              Map.of(
                  OwnPulsar.SERVICE_URL,
                  serviceUrl,
                  OwnPulsar.ADMIN_URL,
                  adminUrl,
                  OperatorSettings.STATS_PERIOD,
                  options.statsPeriod(),
                  OperatorSettings.HEALTH_PORT,
                  Integer.toString(FreePorts.next())));
      kubelet =
          LocalKubelet.start(
              cluster.client(), settings.config().workloadImage(), options.imageTar(), output);
      OperatorRuntime operator = OperatorRuntime.start(settings, cluster.client(), "127.0.0.1");
      Sandbox sandbox = new Sandbox(embedded, cluster, kubelet, operator);
      sandbox.apply(options.streamFile());
      return sandbox;
    } catch (RuntimeException | IOException e) {
      if (kubelet != null) {
        kubelet.close();
      }
      if (cluster != null) {
        cluster.close();
      }
      embedded.ifPresent(EmbeddedPulsar::close);
      throw new IllegalStateException("the sandbox did not start: " + e.getMessage(), e);
    }
  }

  public LocalControlPlane cluster() {
    return cluster;
  }

  public LocalKubelet kubelet() {
    return kubelet;
  }

  /** Creates or updates the objects of a YAML file, as {@code kubectl apply --server-side}. */
  public void apply(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      cluster.client().load(in).forceConflicts().serverSideApply();
    }
  }

  private static void installCrds(KubernetesClient client) throws IOException {
    for (String file : CRDS) {
      installCrd(client, file);
    }
  }

  private static void installCrd(KubernetesClient client, String file) throws IOException {
    CustomResourceDefinition crd;
    try (InputStream in = Sandbox.class.getClassLoader().getResourceAsStream(file)) {
      crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    }
    client.resource(crd).forceConflicts().serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c.getStatus() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            cond ->
                                cond.getType().equals("Established")
                                    && cond.getStatus().equals("True")),
            30,
            TimeUnit.SECONDS);
  }

  /**
   * Stops the operator, the pods, the control plane and the embedded broker; deletes their data.
   */
  @Override
  public void close() {
    operator.close();
    kubelet.close();
    cluster.close();
    embedded.ifPresent(EmbeddedPulsar::close);
  }

  public static void main(String[] args) throws Exception {
    SandboxOptions options;
    try {
      options = SandboxOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(SandboxOptions.USAGE);
      System.exit(2);
      return;
    }
    Instant started = Instant.now();
    Sandbox sandbox = start(options, System.out::println);
    StatusTable table = new StatusTable();
    ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor();
    printer.scheduleWithFixedDelay(
        () ->
            table
                .next(sandbox.cluster().kubectl("get", "pstream", "-A"))
                .ifPresent(text -> System.out.print("\n" + text + "\n")),
        0,
        2,
        TimeUnit.SECONDS);
    LOG.info(
        "sandbox up in {} s: {} applied. From another terminal:\n"
            + "  export KUBECONFIG={}\n"
            + "  kubectl get pstream; kubectl describe pstream; kubectl scale pstream/NAME"
            + " --replicas=2; kubectl edit pstream/NAME\n"
            + "Press Ctrl-C to stop and delete everything.",
        Duration.between(started, Instant.now()).toSeconds(),
        options.streamFile(),
        sandbox.cluster().kubeconfig());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  printer.shutdownNow();
                  try {
                    sandbox.close();
                    LOG.info("sandbox stopped; its processes and data are gone");
                  } finally {
                    stopped.countDown();
                  }
                },
                "sandbox-stop"));
    stopped.await();
  }
}
