package io.letspulsar.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.letspulsar.operator.OperatorRuntime;
import io.letspulsar.operator.OperatorSettings;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.connection.OwnPulsar;
import io.letspulsar.testing.Crds;
import io.letspulsar.testing.Directories;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.FreePorts;
import io.letspulsar.testing.LayeredImage;
import io.letspulsar.testing.LocalControlPlane;
import io.letspulsar.testing.LocalKubelet;
import io.letspulsar.testing.Loopback;
import io.letspulsar.testing.PodNetwork;
import io.letspulsar.testing.SecuredExamples;
import io.letspulsar.testing.SecuredPulsar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product on one machine with nothing installed: a Pulsar broker (embedded, secured with
 * {@code --secured}, or one given with {@code --pulsar-url}), a real Kubernetes control plane, the
 * operator in-process with its production settings, a node for the workload's pods, and a
 * PurchaseStream applied from a file. Ctrl-C stops everything and deletes all of it.
 *
 * <p>The node is a real one where it can be ({@link SandboxOptions#noRealNodeReason()}): the pods
 * run as containers of the workload's image on its JRE base, on a {@link PodNetwork} where the
 * embedded broker and the API server listen, and {@code kubectl logs}/{@code exec} work. Elsewhere
 * (and in the tests) the {@link LocalKubelet} runs them as local processes, and the sandbox says
 * why.
 *
 * <p>Secured, the broker is a {@link SecuredPulsar} (TLS only, tokens, OAuth2 and mTLS,
 * authorization on); the operator's own Pulsar is configured as the Helm chart would mount it (the
 * super-user's token as file {@code token} in a private directory, the CA file), it runs in
 * namespace {@value #OPERATOR_NAMESPACE}, where the examples' PulsarConnections live, and every
 * file applied has its {@code REPLACE-...} placeholders and example URLs filled in by {@link
 * SecuredExamples}.
 */
public final class Sandbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  private static final List<String> CRDS =
      List.of(
          "META-INF/fabric8/purchasestreams.streams.letspulsar.io-v1.yml",
          "META-INF/fabric8/pulsarconnections.streams.letspulsar.io-v1.yml");

  /** Secured: the operator's namespace, where the examples' PulsarConnections live. */
  public static final String OPERATOR_NAMESPACE = "purchasestream";

  /** Secured: the namespaces the secured examples use. */
  private static final List<String> SECURED_NAMESPACES = List.of(OPERATOR_NAMESPACE, "shop");

  private final Optional<EmbeddedPulsar> embedded;
  private final Optional<SecuredPulsar> secured;
  private final Optional<SecuredExamples> examples;
  private final Path scratch;
  private final LocalControlPlane cluster;
  private final Optional<PodNetwork> network;
  private final AutoCloseable node;
  private final OperatorRuntime operator;

  private Sandbox(
      Optional<EmbeddedPulsar> embedded,
      Optional<SecuredPulsar> secured,
      Path scratch,
      LocalControlPlane cluster,
      Optional<PodNetwork> network,
      AutoCloseable node,
      OperatorRuntime operator) {
    this.embedded = embedded;
    this.secured = secured;
    this.examples = secured.map(SecuredExamples::of);
    this.scratch = scratch;
    this.cluster = cluster;
    this.network = network;
    this.node = node;
    this.operator = operator;
  }

  /**
   * Starts every part, installs the CRD and applies the stream file.
   *
   * @param output receives every line the workload's containers print
   */
  public static Sandbox start(SandboxOptions options, Consumer<String> output) {
    Optional<EmbeddedPulsar> embedded = Optional.empty();
    Optional<SecuredPulsar> secured = Optional.empty();
    Optional<String> noRealNode = options.noRealNodeReason();
    Optional<PodNetwork> network = Optional.empty();
    Path scratch = null;
    CompletableFuture<LocalControlPlane> controlPlane = null;
    LocalControlPlane cluster = null;
    AutoCloseable node = null;
    try {
      scratch = privateDirectory(Files.createTempDirectory("sandbox-"));
      if (noRealNode.isEmpty()) {
        network = Optional.of(PodNetwork.create());
      }
      // The control plane starts while the broker does: neither needs the other to start.
      LOG.info("starting a Kubernetes control plane...");
      Optional<PodNetwork> podNetwork = network;
      controlPlane =
          CompletableFuture.supplyAsync(
              () -> podNetwork.map(LocalControlPlane::start).orElseGet(LocalControlPlane::start),
              task -> new Thread(task, "control-plane-start").start());
      Map<String, String> env = new HashMap<>();
      if (options.secured()) {
        LOG.info("starting a secured embedded Pulsar broker...");
        secured = Optional.of(SecuredPulsar.startNew());
        env.putAll(securedOwnPulsar(secured.get(), scratch.resolve("pulsar-auth")));
      } else if (options.pulsarUrl().isPresent()) {
        env.put(OwnPulsar.SERVICE_URL, options.pulsarUrl().get());
        env.put(OwnPulsar.ADMIN_URL, options.pulsarAdminUrl());
      } else {
        LOG.info("starting an embedded Pulsar broker...");
        embedded =
            Optional.of(
                EmbeddedPulsar.startNew(
                    network.map(PodNetwork::hostAddress).orElse(Loopback.ADDRESS)));
        env.put(OwnPulsar.SERVICE_URL, embedded.get().serviceUrl());
        env.put(OwnPulsar.ADMIN_URL, embedded.get().adminUrl());
      }
      LOG.info(
          "Pulsar at {} (admin {}); waiting for the control plane...",
          env.get(OwnPulsar.SERVICE_URL),
          env.get(OwnPulsar.ADMIN_URL));
      cluster = started(controlPlane);
      installCrds(cluster.client());
      if (options.secured()) {
        createNamespaces(cluster.client(), SECURED_NAMESPACES);
      }
      env.put(OperatorSettings.STATS_PERIOD, options.statsPeriod());
      env.put(OperatorSettings.HEALTH_PORT, Integer.toString(FreePorts.next()));
      OperatorSettings settings = OperatorSettings.fromEnvironment(env);
      if (network.isPresent()) {
        LOG.info("starting a real node: the pods run as containers (containerd, runc)...");
        Path image =
            LayeredImage.onBase(
                LayeredImage.jreBase(),
                options.imageTar(),
                settings.config().workloadImage(),
                scratch.resolve("workload-on-jre.tar"),
                scratch);
        node = RealNodePods.start(cluster, network.get(), image, output);
      } else {
        LOG.info("the pods run as local processes, not on a real node: {}", noRealNode.get());
        node =
            LocalKubelet.start(
                cluster.client(), settings.config().workloadImage(), options.imageTar(), output);
      }
      OperatorRuntime operator =
          OperatorRuntime.start(
              settings,
              cluster.client(),
              "127.0.0.1",
              privateDirectory(scratch.resolve("connections")));
      Sandbox sandbox = new Sandbox(embedded, secured, scratch, cluster, network, node, operator);
      sandbox.apply(options.streamFile());
      return sandbox;
    } catch (Exception | Error e) {
      // Errors too (a class that fails to load): nothing started may outlive the sandbox.
      closeQuietly(node);
      if (cluster != null) {
        cluster.close();
      } else if (controlPlane != null) {
        // It may still be starting: wait for it, then stop it (nothing to stop if it failed).
        LocalControlPlane late = controlPlane.handle((started, failed) -> started).join();
        if (late != null) {
          late.close();
        }
      }
      embedded.ifPresent(EmbeddedPulsar::close);
      secured.ifPresent(SecuredPulsar::close);
      network.ifPresent(PodNetwork::close);
      if (scratch != null) {
        Directories.delete(scratch);
      }
      throw new IllegalStateException("the sandbox did not start: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(AutoCloseable part) {
    if (part == null) {
      return;
    }
    try {
      part.close();
    } catch (Exception e) {
      LOG.warn("stopping {}: {}", part, e.toString());
    }
  }

  /** The control plane once started; its failure as it was thrown. */
  private static LocalControlPlane started(CompletableFuture<LocalControlPlane> controlPlane) {
    try {
      return controlPlane.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /**
   * The operator's own Pulsar as the Helm chart configures a secured one: the super-user's token as
   * file {@code token} of a private directory (what the chart mounts from a Secret), the CA's file,
   * the TLS URLs; PulsarConnections and their Secrets are read in {@value #OPERATOR_NAMESPACE}.
   */
  private static Map<String, String> securedOwnPulsar(SecuredPulsar pulsar, Path authDir)
      throws IOException {
    privateDirectory(authDir);
    Path token = authDir.resolve("token");
    Files.createFile(
        token, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(token, pulsar.token(SecuredPulsar.SUPER_USER));
    return Map.of(
        OwnPulsar.SERVICE_URL, pulsar.serviceUrlTls(),
        OwnPulsar.ADMIN_URL, pulsar.adminUrlTls(),
        OwnPulsar.AUTH_METHOD, "token",
        OwnPulsar.AUTH_DIR, authDir.toString(),
        OwnPulsar.TLS_TRUST_CERTS_FILE, pulsar.caCertFile().toString(),
        OperatorSettings.POD_NAMESPACE, OPERATOR_NAMESPACE);
  }

  /** The directory, made readable by its owner only (created when it does not exist). */
  private static Path privateDirectory(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      Files.createDirectory(dir);
    }
    return Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  private static void createNamespaces(KubernetesClient client, List<String> names) {
    for (String name : names) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .serverSideApply();
    }
  }

  public LocalControlPlane cluster() {
    return cluster;
  }

  /** Whether the pods run as containers of a real node. */
  public boolean onRealNode() {
    return network.isPresent();
  }

  /** The process kubelet, where the pods run as local processes (the tests). */
  public LocalKubelet kubelet() {
    if (node instanceof LocalKubelet kubelet) {
      return kubelet;
    }
    throw new IllegalStateException("the pods run on a real node, not the process kubelet");
  }

  /** The secured broker, with {@code --secured}. */
  public Optional<SecuredPulsar> securedPulsar() {
    return secured;
  }

  /**
   * Creates or updates the objects of a YAML file, as {@code kubectl apply --server-side}; secured,
   * its placeholders are filled in with the broker's credentials first.
   */
  public void apply(Path file) throws IOException {
    String yaml = Files.readString(file);
    String filled = examples.map(e -> e.render(yaml)).orElse(yaml);
    try (InputStream in = new ByteArrayInputStream(filled.getBytes(StandardCharsets.UTF_8))) {
      cluster.client().load(in).forceConflicts().serverSideApply();
    }
  }

  /** Secured: a line saying so, the operator's role and the role each stream's workload uses. */
  public Optional<String> securedSummary() {
    return secured.map(
        pulsar -> {
          List<String> roles =
              cluster
                  .client()
                  .resources(PurchaseStream.class)
                  .inAnyNamespace()
                  .list()
                  .getItems()
                  .stream()
                  .filter(s -> s.getSpec().pulsar != null && s.getSpec().pulsar.role != null)
                  .map(
                      s ->
                          s.getMetadata().getNamespace()
                              + "/"
                              + s.getMetadata().getName()
                              + " as role "
                              + s.getSpec().pulsar.role)
                  .toList();
          return "Pulsar is secured (TLS only at "
              + pulsar.serviceUrlTls()
              + ", authentication and authorization on); the operator acts as "
              + SecuredPulsar.SUPER_USER
              + (roles.isEmpty()
                  ? ", no stream names a role"
                  : ", the workload of " + String.join(", ", roles));
        });
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
    Crds.install(client, crd);
  }

  /**
   * Stops the operator, the pods, the control plane and the embedded broker; deletes their data and
   * the sandbox's own files (the operator's credentials, the connections' scratch).
   */
  @Override
  public void close() {
    operator.close();
    closeQuietly(node);
    cluster.close();
    // The broker before the network: it talks to itself at the network's address.
    embedded.ifPresent(EmbeddedPulsar::close);
    secured.ifPresent(SecuredPulsar::close);
    network.ifPresent(PodNetwork::close);
    Directories.delete(scratch);
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
        "sandbox up in {} s: {} applied.{}\nFrom another terminal:\n"
            + "  export KUBECONFIG={}\n"
            + "  kubectl get pstream -A; kubectl describe pstream; kubectl scale pstream/NAME"
            + " --replicas=2; kubectl edit pstream/NAME\n"
            + "{}"
            + "Press Ctrl-C to stop and delete everything.",
        Duration.between(started, Instant.now()).toSeconds(),
        options.streamFile(),
        sandbox.securedSummary().map(line -> "\n" + line).orElse(""),
        sandbox.cluster().kubeconfig(),
        sandbox.onRealNode()
            ? "  kubectl logs deployment/NAME -c consumer -f; kubectl get pods -o wide\n"
            : "");
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
