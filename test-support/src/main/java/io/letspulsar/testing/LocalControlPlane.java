package io.letspulsar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A real Kubernetes control plane on this machine: etcd, kube-apiserver (RBAC on, audit log of
 * every write) and kube-controller-manager (Deployments, ReplicaSets, garbage collection,
 * namespaces, service accounts), each a child process bound to 127.0.0.1 on free ports, with all
 * state under one temporary directory that {@link #close()} deletes.
 *
 * <p>The binaries come from {@code tools/control-plane/build.sh}. There is no scheduler and no
 * kubelet: pods stay Pending unless something plays the kubelet for them ({@link LocalKubelet}).
 */
public final class LocalControlPlane implements AutoCloseable {
  /** The binaries' directory, set by Maven from the parent POM's property of that name. */
  public static final String BINARIES_PROPERTY = "control-plane.dir";

  private static final String ADMIN = "admin";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path home;
  private final String token;
  private final int apiPort;
  private final List<Process> processes = new ArrayList<>();
  private KubernetesClient client;

  private LocalControlPlane(Path home, String token, int apiPort) {
    this.home = home;
    this.token = token;
    this.apiPort = apiPort;
  }

  /** Starts etcd, the API server and the controller manager; blocks until the API is ready. */
  public static LocalControlPlane start() {
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
              Files.createTempDirectory("local-control-plane-"), randomToken(), FreePorts.next());
      plane.startAll(binaries);
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
        .withCaCertFile(home.resolve("certs/apiserver.crt").toString())
        .withOauthToken(token)
        .withNamespace("default")
        .build();
  }

  public String url() {
    return "https://" + Loopback.ADDRESS + ":" + apiPort;
  }

  /** A kubeconfig for kubectl and other clients, with the admin user. */
  public Path kubeconfig() {
    return home.resolve("kubeconfig");
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
   * logged them, from its audit log.
   */
  public List<AuditedRequest> requests() {
    Map<String, AuditedRequest> requests = new LinkedHashMap<>();
    try (Stream<String> lines = Files.lines(home.resolve("audit.log"))) {
      lines.forEach(
          line -> {
            try {
              JsonNode event = JSON.readTree(line);
              requests.putIfAbsent(event.get("auditID").asText(), audited(event));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
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
   */
  public record AuditedRequest(
      Instant time,
      String user,
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

  private void startAll(Path bin) throws IOException {
    int etcdPort = FreePorts.next();
    int peerPort = FreePorts.next();
    String etcdUrl = "http://" + Loopback.ADDRESS + ":" + etcdPort;
    String peerUrl = "http://" + Loopback.ADDRESS + ":" + peerPort;
    launch(
        bin.resolve("etcd"),
        "etcd",
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
    Files.writeString(home.resolve("tokens.csv"), token + "," + ADMIN + ",admin,system:masters\n");
    Files.writeString(home.resolve("audit-policy.yaml"), AUDIT_POLICY);
    launch(
        bin.resolve("kube-apiserver"),
        "kube-apiserver",
        "--etcd-servers=" + etcdUrl,
        "--bind-address=" + Loopback.ADDRESS,
        "--advertise-address=" + Loopback.ADDRESS,
        "--secure-port=" + apiPort,
        "--cert-dir=" + home.resolve("certs"),
        "--token-auth-file=" + home.resolve("tokens.csv"),
        "--authorization-mode=RBAC",
        "--service-account-issuer=https://kubernetes.default.svc",
        "--service-account-key-file=" + home.resolve("sa.pub"),
        "--service-account-signing-key-file=" + home.resolve("sa.key"),
        "--service-cluster-ip-range=10.0.0.0/24",
        "--allow-privileged=true",
        "--audit-policy-file=" + home.resolve("audit-policy.yaml"),
        "--audit-log-path=" + home.resolve("audit.log"),
        "--audit-log-format=json",
        "--audit-log-mode=blocking",
        "--enable-priority-and-fairness=false",
        "--endpoint-reconciler-type=none");
    writeKubeconfig();
    awaitReady();

    launch(
        bin.resolve("kube-controller-manager"),
        "kube-controller-manager",
        "--kubeconfig=" + kubeconfig(),
        "--controllers=deployment,replicaset,garbagecollector,namespace,serviceaccount",
        // Its client's default (20 requests a second) would pace a benchmark of thousands of
        // Deployments, not the operator under test.
        "--kube-api-qps=500",
        "--kube-api-burst=1000",
        "--leader-elect=false",
        "--bind-address=" + Loopback.ADDRESS,
        "--secure-port=0");
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

  private void launch(Path binary, String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    Path log = home.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(home.toFile())
            .start();
    processes.add(process);
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
      if (Files.exists(home.resolve("certs/apiserver.crt"))) {
        try {
          if ("ok".equals(client().raw("/readyz"))) {
            return;
          }
        } catch (RuntimeException e) {
          last = e;
        }
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

  private void writeKubeconfig() throws IOException {
    Files.writeString(
        kubeconfig(),
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: local
            cluster:
              server: %s
              certificate-authority: %s
        users:
          - name: admin
            user:
              token: %s
        contexts:
          - name: local
            context: {cluster: local, user: admin, namespace: default}
        current-context: local
        """
            .formatted(url(), home.resolve("certs/apiserver.crt"), token));
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
