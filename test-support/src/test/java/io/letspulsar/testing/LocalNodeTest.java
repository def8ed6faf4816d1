package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real node: pods of an image made offline run as containers under the real API server and
 * scheduler, with their security context and limits enforced, on a pod network that reaches the API
 * server and nothing beyond the bridge; stopping it leaves nothing behind.
 */
@ExtendWith(NodeCondition.class)
class LocalNodeTest {
  private static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
  private static PodNetwork network;
  private static LocalControlPlane plane;
  private static LocalNode node;

  @BeforeAll
  static void start() {
    network = PodNetwork.create();
    plane = LocalControlPlane.start(network);
    node = LocalNode.start(plane, network);
    for (String name : List.of("smoke", "liveness")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> plane.kubectl().apply(pod(name)).ok()); // once its ServiceAccount exists
    }
    for (String name : List.of("smoke", "liveness")) {
      plane.client().pods().withName(name).waitUntilReady(60, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stopLeavesNothingBehind() throws IOException {
    if (network == null) {
      return;
    }
    Path home = node == null ? null : node.home();
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      try {
        if (plane != null) {
          plane.close();
        }
      } finally {
        network.close();
      }
    }
    assertThat(Commands.tryRun("ip", "link", "show", network.bridge()).ok()).isFalse();
    if (home != null) {
      assertThat(home).doesNotExist();
      assertThat(HostChanges.mountsUnder(home)).isEmpty();
      try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
        assertThat(hierarchies.map(h -> h.resolve(home.getFileName()))).noneMatch(Files::exists);
      }
      assertThat(
              ProcessHandle.allProcesses()
                  .filter(
                      process ->
                          process
                              .info()
                              .arguments()
                              .map(args -> String.join(" ", args).contains(home.toString()))
                              .orElse(false)))
          .isEmpty();
    }
  }

  @Test
  void nodeIsReadyOnTheBridgeAddress() {
    Node ready = plane.client().nodes().withName(LocalNode.NAME).get();
    assertThat(ready.getStatus().getAddresses())
        .extracting(NodeAddress::getType, NodeAddress::getAddress)
        .contains(Tuple.tuple("InternalIP", network.hostAddress()));
    assertThat(ready.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.34.4");
    assertThat(ready.getStatus().getNodeInfo().getContainerRuntimeVersion())
        .isEqualTo("containerd://1.6.20");
  }

  @Test
  void podRunsAsARealContainerWithItsSecurityContextAndMemoryLimit() {
    Pod pod = plane.client().pods().withName("smoke").get();
    assertThat(pod.getSpec().getNodeName()).isEqualTo(LocalNode.NAME);
    assertThat(pod.getStatus().getPodIP()).startsWith(network.subnet().replace("0/24", ""));
    assertThat(pod.getStatus().getContainerStatuses().get(0).getContainerID())
        .startsWith("containerd://");

    assertThat(exec("smoke", "id", "-u").out().strip()).isEqualTo("65532");
    Kubectl.Result write = exec("smoke", "touch", "/written");
    assertThat(write.exitCode()).isNotZero();
    assertThat(write.err()).contains("Read-only file system");
    assertThat(exec("smoke", "cat", memoryLimitFile()).out().strip()).isEqualTo("67108864");
  }

  @Test
  void logsComeThroughTheApiServer() {
    Kubectl.Result logs = plane.kubectl("logs", "smoke");
    assertThat(logs.ok()).as(logs.err()).isTrue();
    assertThat(logs.out()).contains("hello from a real container");
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainer() {
    assertThat(exec("liveness", "rm", "/tmp/alive").ok()).isTrue();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                plane
                        .client()
                        .pods()
                        .withName("liveness")
                        .get()
                        .getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getRestartCount()
                    > 0);
  }

  @Test
  void podReachesTheApiServerAsInClusterClientsDo() throws IOException {
    assertThat(exec("smoke", "env").out())
        .contains(
            "KUBERNETES_SERVICE_HOST=" + network.hostAddress(), "KUBERNETES_SERVICE_PORT=443");
    assertThat(exec("smoke", "cat", SERVICE_ACCOUNT + "/ca.crt").out())
        .isEqualTo(Files.readString(plane.pki().caCertFile()));

    Kubectl.Result version = inClusterGet("/version", false);
    assertThat(version.out()).as(version.err()).contains("\"gitVersion\": \"v1.34.4\"");
    // The pod's token authenticates it (403: its service account may not list pods; not 401).
    assertThat(inClusterGet("/api/v1/namespaces/default/pods", true).err())
        .contains("403 Forbidden");
  }

  @Test
  void podHasNoRouteBeyondTheBridge() {
    // Route look-ups only: nothing is sent.
    assertThat(exec("smoke", "ip", "route").out().strip().lines())
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith(network.subnet() + " dev eth0");
    Kubectl.Result outside = exec("smoke", "ip", "route", "get", "10.255.255.1");
    assertThat(outside.exitCode()).isNotZero();
    assertThat(outside.err()).contains("Network is unreachable");
  }

  @Test
  void imagesArePulledFromAPlainHttpRegistryOnThisMachine() throws IOException {
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer registry = HttpServer.create(new InetSocketAddress(Loopback.ADDRESS, 0), 0);
    registry.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    registry.start();
    String host = Loopback.ADDRESS + ":" + registry.getAddress().getPort();
    try {
      node.allowPlainHttpRegistry(host);
      plane
          .client()
          .pods()
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("pulled")
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("main")
                  .withImage(host + "/purchasestream/workload:0.1.0")
                  .endContainer()
                  .endSpec()
                  .build())
          .create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> requests.contains("HEAD /v2/purchasestream/workload/manifests/0.1.0"));
    } finally {
      plane.client().pods().withName("pulled").withGracePeriod(0).delete();
      registry.stop(0);
    }
  }

  /** A GET from the smoke pod to the API server, as an in-cluster client makes it. */
  private static Kubectl.Result inClusterGet(String path, boolean withToken) {
    String auth =
        withToken ? " --header \"Authorization: Bearer $(cat " + SERVICE_ACCOUNT + "/token)\"" : "";
    return exec(
        "smoke",
        "sh",
        "-c",
        "wget -q -O - --no-check-certificate"
            + auth
            + " https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT"
            + path);
  }

  private static Kubectl.Result exec(String pod, String... command) {
    String[] args = new String[command.length + 3];
    args[0] = "exec";
    args[1] = pod;
    args[2] = "--";
    System.arraycopy(command, 0, args, 3, command.length);
    return plane.kubectl(args);
  }

  /** Where a container reads its memory limit: cgroup v1 or v2. */
  private static String memoryLimitFile() {
    return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
        ? "/sys/fs/cgroup/memory.max"
        : "/sys/fs/cgroup/memory/memory.limit_in_bytes";
  }

  /**
   * A pod of the busybox image as a production workload runs: not root, read-only root file system,
   * no privilege escalation or capabilities, a memory limit, a liveness probe (on a file the
   * container makes at start), its service account's token mounted.
   */
  private static String pod(String name) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: default}
        spec:
          terminationGracePeriodSeconds: 1
          securityContext: {runAsUser: 65532, runAsGroup: 65532, runAsNonRoot: true}
          containers:
            - name: main
              image: %s
              imagePullPolicy: Never
              command: [sh, -c, 'echo hello from a real container; touch /tmp/alive; exec sleep 3600']
              securityContext:
                readOnlyRootFilesystem: true
                allowPrivilegeEscalation: false
                capabilities: {drop: [ALL]}
              resources:
                limits: {memory: 64Mi, cpu: 250m}
              livenessProbe:
                exec: {command: [cat, /tmp/alive]}
                initialDelaySeconds: 1
                periodSeconds: 1
                failureThreshold: 1
              readinessProbe:
                exec: {command: [cat, /tmp/alive]}
                periodSeconds: 1
              volumeMounts: [{name: tmp, mountPath: /tmp}]
          volumes: [{name: tmp, emptyDir: {}}]
        """
        .formatted(name, LocalNode.BUSYBOX_IMAGE);
  }
}
