package io.letspulsar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real Kubernetes control plane on this machine: etcd, kube-apiserver (RBAC and the Node
 * authorizer on, audit log of every write) and kube-controller-manager (Deployments, ReplicaSets,
 * garbage collection, namespaces, service accounts), each a child process bound to 127.0.0.1 on
 * free ports, with all state under one temporary directory that {@link #close()} deletes. Its CA
 * ({@link #pki()}) signs the API server's serving certificate (for 127.0.0.1, and the bridge
 * address when there is one) and the client certificates of {@link #kubeconfig(String, String)}.
 *
 * <p>The binaries come from {@code tools/control-plane/build.sh}. Started with {@link #start()}
 * there is no scheduler and no kubelet: pods stay Pending unless something plays the kubelet for
 * them ({@link LocalKubelet}). Started with {@link #start(PodNetwork)}, for a real {@link
 * LocalNode}, the API server serves on the pod network's host address instead, so that pods reach
 * it, and kube-scheduler runs.
 */
public final class LocalControlPlane implements AutoCloseable {
  /** The binaries' directory, set by Maven from the parent POM's property of that name. */
  public static final String BINARIES_PROPERTY = "control-plane.dir";

  private static final String ADMIN = "admin";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The user the API server is to kubelets (logs, exec), as kubeadm names it. */
  private static final String KUBELET_CLIENT = "kube-apiserver-kubelet-client";

  private final Path home;
  private final String token;
  private final String address;
  private final int apiPort;
  private final TestPki pki;
  private final List<Process> processes = new ArrayList<>();

  /** The command of each of {@link #processes}, by index: etcd first, then the API server. */
  private final List<List<String>> commands = new ArrayList<>();

  private KubernetesClient client;

  private LocalControlPlane(Path home, String token, String address, int apiPort) {
    this.home = home;
    this.token = token;
    this.address = address;
    this.apiPort = apiPort;
    this.pki = TestPki.create(home.resolve("pki"));
  }

  /**
   * Starts etcd, the API server (on 127.0.0.1) and the controller manager; blocks until the API is
   * ready.
   */
  public static LocalControlPlane start() {
    return start(Loopback.ADDRESS, FreePorts.next(), null);
  }

  /**
   * Starts the control plane for a {@link LocalNode} on this pod network: as {@link #start()}, but
   * the API server listens on the network's host address and port 443, which is also the {@code
   * kubernetes} Service's (see {@link PodNetwork}: pods reach it as in-cluster clients do), and
   * kube-scheduler runs. It listens there only (kube-apiserver binds one address): clients on this
   * machine use {@link #url()} or {@link #kubeconfig()}, which name it.
   */
  public static LocalControlPlane start(PodNetwork network) {
    return start(network.hostAddress(), 443, network.serviceRange());
  }

  private static LocalControlPlane start(String address, int port, String serviceRange) {
    String dir = System.getProperty(BINARIES_PROPERTY);
    if (dir == null) {
      throw new IllegalStateException(
          "system property "
              + BINARIES_PROPERTY
              + " is not set: Maven sets it from the parent POM; elsewhere pass"
              + " -D"
              + BINARIES_PROPERTY
              + "=<the directory tools/control-plane/build.sh built into>");
    }
    Path binaries = Path.of(dir);
    if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
      throw new IllegalStateException(
          "no kube-apiserver in "
              + binaries
              + ": run tools/control-plane/build.sh (Maven runs it in the test-support module)");
    }
    LocalControlPlane plane = null;
    try {
      plane =
          new LocalControlPlane(
              Files.createTempDirectory("local-control-plane-"), randomToken(), address, port);
      plane.startAll(binaries, serviceRange);
      return plane;
    } catch (IOException | RuntimeException e) {
      if (plane != null) {
        plane.close();
      }
      throw new IllegalStateException("the local control plane did not start", e);
    }
  }

  /** An admin (system:masters) client; made once, closed with the control plane. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = new KubernetesClientBuilder().withConfig(config()).build();
    }
    return client;
  }

  /** A new admin client configuration, e.g. to impersonate a service account. */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withCaCertFile(pki.caCertFile().toString())
        .withOauthToken(token)
        .withNamespace("default")
        .build();
  }

  public String url() {
    return "https://" + address + ":" + apiPort;
  }

  /** The address the API server listens on: 127.0.0.1, or a pod network's host address. */
  public String address() {
    return address;
  }

  public int port() {
    return apiPort;
  }

  /**
   * The control plane's CA: the API server trusts the client certificates it signs and checks
   * kubelets' serving certificates against it.
   */
  public TestPki pki() {
    return pki;
  }

  /**
   * What a fabric8 Kubernetes client in another process reads from its environment to reach this
   * API server with a bearer token, as in a pod with its service account's, and nothing else.
   *
   * @param namespace the client's default namespace
   */
  public Map<String, String> clientEnvironment(String bearerToken, String namespace) {
    return Map.of(
        "KUBERNETES_MASTER",
        url(),
        "KUBERNETES_AUTH_TOKEN",
        bearerToken,
        "KUBERNETES_CERTS_CA_FILE",
        config().getCaCertFile(),
        "KUBERNETES_AUTH_TRYKUBECONFIG",
        "false",
        "KUBERNETES_AUTH_TRYSERVICEACCOUNT",
        "false",
        "KUBERNETES_NAMESPACE",
        namespace);
  }

  /** A kubeconfig for kubectl and other clients, with the admin user. */
  public Path kubeconfig() {
    return home.resolve("kubeconfig");
  }

  /**
   * A kubeconfig that authenticates with a client certificate from {@link #pki()} for this user in
   * this group, e.g. a kubelet's ({@code system:node:<name>} in {@code system:nodes}).
   */
  public Path kubeconfig(String user, String group) {
    TestPki.CertAndKey cert = pki.clientCert(user, group);
    Path file = home.resolve(user.replace(':', '-') + ".kubeconfig");
    writeKubeconfig(
        file, "client-certificate: %s, client-key: %s".formatted(cert.certFile(), cert.keyFile()));
    return file;
  }

  /** The machine's kubectl, set up for this control plane. */
  public Kubectl kubectl() {
    return new Kubectl(kubeconfig());
  }

  /** Runs the machine's kubectl against this control plane. */
  public Kubectl.Result kubectl(String... args) {
    return kubectl().run(args);
  }

  /**
   * Every request the API server has answered (watches as soon as they started), in the order it
   * logged them, from its audit log and the files it rotated out of it at every 100 MB (a start of
   * 10,000 streams fills two): {@code audit-<time>.log}, which sort before {@code audit.log}.
   */
  public List<AuditedRequest> requests() {
    Map<String, AuditedRequest> requests = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(home)) {
      for (Path log :
          files
              .filter(f -> f.getFileName().toString().matches("audit(-.+)?\\.log"))
              .sorted()
              .toList()) {
        try (Stream<String> lines = Files.lines(log)) {
          lines.forEach(
              line -> {
                try {
                  JsonNode event = JSON.readTree(line);
                  requests.putIfAbsent(event.get("auditID").asText(), audited(event));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(requests.values());
  }

  /** The requests that changed something: create, update, patch, delete. */
  public List<AuditedRequest> writes() {
    return requests().stream().filter(AuditedRequest::isWrite).toList();
  }

  /**
   * One request, as the audit log records it.
   *
   * @param time when the API server received it: before its client had an answer
   * @param user who made it (the impersonated user when there was one)
   * @param group the API group, "" for the core group
   * @param resource the plural resource, with "/subresource" when there was one
   * @param userAgent the client's User-Agent header: tells apart processes of one user
   */
  public record AuditedRequest(
      Instant time,
      String user,
      String userAgent,
      String verb,
      String group,
      String resource,
      String namespace,
      String name) {
    private static final Set<String> WRITES =
        Set.of("create", "update", "patch", "delete", "deletecollection");

    public boolean isWrite() {
      return WRITES.contains(verb);
    }
  }

  private static AuditedRequest audited(JsonNode event) {
    JsonNode user =
        event.hasNonNull("impersonatedUser") ? event.get("impersonatedUser") : event.get("user");
    JsonNode ref = event.path("objectRef");
    String resource = ref.path("resource").asText();
    if (ref.hasNonNull("subresource")) {
      resource += "/" + ref.get("subresource").asText();
    }
    return new AuditedRequest(
        Instant.parse(event.get("requestReceivedTimestamp").asText()),
        user.path("username").asText(),
        event.path("userAgent").asText(""),
        event.get("verb").asText(),
        ref.path("apiGroup").asText(""),
        resource,
        ref.path("namespace").asText(""),
        ref.path("name").asText(""));
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    // The controller manager first, etcd last.
    for (int i = processes.size() - 1; i >= 0; i--) {
      Processes.stop(processes.get(i), STOP_GRACE);
    }
    processes.clear();
    Directories.delete(home);
  }

  /**
   * Starts the processes; with a service range (for a node), also kube-scheduler and the
   * controllers a node needs.
   */
  private void startAll(Path bin, String serviceRange) throws IOException {
    boolean node = serviceRange != null;
    int etcdPort = FreePorts.next();
    int peerPort = FreePorts.next();
    String etcdUrl = "http://" + Loopback.ADDRESS + ":" + etcdPort;
    String peerUrl = "http://" + Loopback.ADDRESS + ":" + peerPort;
    launch(
        bin.resolve("etcd"),
        "--name=local",
        "--data-dir=" + home.resolve("etcd"),
        "--listen-client-urls=" + etcdUrl,
        "--advertise-client-urls=" + etcdUrl,
        "--listen-peer-urls=" + peerUrl,
        "--initial-advertise-peer-urls=" + peerUrl,
        "--initial-cluster=local=" + peerUrl,
        "--listen-metrics-urls=",
        "--unsafe-no-fsync=true",
        "--log-level=warn");

    writeServiceAccountKeys();
    TestPki.CertAndKey serving =
        pki.serverCert(
            List.of(address, Loopback.ADDRESS).stream().distinct().toList(),
            List.of("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"));
    TestPki.CertAndKey kubeletClient = pki.clientCert(KUBELET_CLIENT);
    Files.writeString(home.resolve("tokens.csv"), token + "," + ADMIN + ",admin,system:masters\n");
    Files.writeString(home.resolve("audit-policy.yaml"), AUDIT_POLICY);
    launch(
        bin.resolve("kube-apiserver"),
        "--etcd-servers=" + etcdUrl,
        "--bind-address=" + address,
        "--advertise-address=" + address,
        "--secure-port=" + apiPort,
        "--tls-cert-file=" + serving.certFile(),
        "--tls-private-key-file=" + serving.keyFile(),
        "--client-ca-file=" + pki.caCertFile(),
        "--token-auth-file=" + home.resolve("tokens.csv"),
        "--authorization-mode=Node,RBAC",
        "--enable-admission-plugins=NodeRestriction",
        "--kubelet-client-certificate=" + kubeletClient.certFile(),
        "--kubelet-client-key=" + kubeletClient.keyFile(),
        "--kubelet-certificate-authority=" + pki.caCertFile(),
        "--kubelet-preferred-address-types=InternalIP",
        "--service-account-issuer=https://kubernetes.default.svc",
        "--service-account-key-file=" + home.resolve("sa.pub"),
        "--service-account-signing-key-file=" + home.resolve("sa.key"),
        "--service-cluster-ip-range=" + (node ? serviceRange : "10.0.0.0/24"),
        "--allow-privileged=true",
        "--audit-policy-file=" + home.resolve("audit-policy.yaml"),
        "--audit-log-path=" + home.resolve("audit.log"),
        "--audit-log-format=json",
        "--audit-log-mode=blocking",
        "--enable-priority-and-fairness=false",
        "--endpoint-reconciler-type=none");
    writeKubeconfig(kubeconfig(), "token: " + token);
    awaitReady();

    // For a node also: its not-ready taint removed once Ready, and the CA pods' tokens come with.
    String controllers =
        "deployment,replicaset,garbagecollector,namespace,serviceaccount,resourcequota";
    launch(
        bin.resolve("kube-controller-manager"),
        "--kubeconfig=" + kubeconfig(),
        "--controllers="
            + (node ? controllers + ",nodelifecycle,root-ca-cert-publisher" : controllers),
        "--root-ca-file=" + pki.caCertFile(),
        // Its client's default (20 requests a second) would pace a benchmark of thousands of
        // Deployments, not the operator under test.
        "--kube-api-qps=500",
        "--kube-api-burst=1000",
        "--leader-elect=false",
        "--bind-address=" + Loopback.ADDRESS,
        "--secure-port=0");
    if (node) {
      launch(
          bin.resolve("kube-scheduler"),
          "--kubeconfig=" + kubeconfig("system:kube-scheduler", "system:kube-scheduler"),
          "--leader-elect=false",
          "--bind-address=" + Loopback.ADDRESS,
          "--secure-port=0");
      // What kubeadm grants the API server's kubelet client: logs, exec, port-forward.
      client()
          .rbac()
          .clusterRoleBindings()
          .resource(
              new ClusterRoleBindingBuilder()
                  .withNewMetadata()
                  .withName(KUBELET_CLIENT)
                  .endMetadata()
                  .withNewRoleRef(
                      "rbac.authorization.k8s.io", "ClusterRole", "system:kubelet-api-admin")
                  .addNewSubject()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("User")
                  .withName(KUBELET_CLIENT)
                  .endSubject()
                  .build())
          .create();
    }
  }

  /** Every request at Metadata level: who did what to which object, no bodies. */
  private static final String AUDIT_POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: [RequestReceived]
      rules:
        - level: Metadata
      """;

  private void launch(Path binary, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    commands.add(command);
    processes.add(run(command));
  }

  /** Runs a command in the control plane's directory, its output appended to its log there. */
  private Process run(List<String> command) throws IOException {
    Path log = home.resolve(Path.of(command.get(0)).getFileName() + ".log");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .directory(home.toFile())
        .start();
  }

  /**
   * Kills the API server and etcd (SIGKILL), starts them again on the same data, ports and
   * certificates, and waits until the API is ready again: what clients see of a control plane
   * restarted under them. The controller manager keeps running and reconnects, as in a cluster.
   */
  public synchronized void restartApiServerAndEtcd() {
    Processes.kill(processes.get(1));
    Processes.kill(processes.get(0));
    try {
      processes.set(0, run(commands.get(0)));
      processes.set(1, run(commands.get(1)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart the control plane", e);
    }
    awaitReady();
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      for (Process process : processes) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              process.info().command().orElse("a control-plane process")
                  + " exited "
                  + process.exitValue()
                  + "; its log is in "
                  + home);
        }
      }
      try {
        if ("ok".equals(client().raw("/readyz"))) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        "kube-apiserver not ready after " + START_TIMEOUT + "; logs in " + home, last);
  }

  private void writeServiceAccountKeys() throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keys = generator.generateKeyPair();
      Files.writeString(home.resolve("sa.key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
      Files.writeString(home.resolve("sa.pub"), pem("PUBLIC KEY", keys.getPublic().getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** Writes a kubeconfig for this API server and a user given by its credential's YAML fields. */
  private void writeKubeconfig(Path file, String credential) {
    write(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: local
            cluster:
              server: %s
              certificate-authority: %s
        users:
          - name: user
            user: {%s}
        contexts:
          - name: local
            context: {cluster: local, user: user, namespace: default}
        current-context: local
        """
            .formatted(url(), pki.caCertFile(), credential));
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
