package io.letspulsar.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.testing.Directories;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.Kubectl;
import io.letspulsar.testing.LocalControlPlane;
import io.letspulsar.testing.LocalNode;
import io.letspulsar.testing.LocalRegistry;
import io.letspulsar.testing.NodeCondition;
import io.letspulsar.testing.PodNetwork;
import io.letspulsar.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product as users run it on a cluster, on a real node: the README's "Run it on a cluster"
 * steps — the images built on the offline JRE base and pushed by {@code ./mvnw -Pimage} to a real
 * registry, the chart installed by Helm's engine, the example applied — with the operator and the
 * workload as containers under their security contexts and memory limits, a real broker on the pod
 * network's host address.
 */
@ExtendWith(NodeCondition.class)
class RealNodeTest {
  private static final String NAMESPACE = "purchasestream";
  private static final String RELEASE = "pso";
  private static final String DEMO = "purchases";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Path ROOT = Path.of(System.getProperty("repository.root", ".."));

  private static PodNetwork network;
  private static LocalControlPlane plane;
  private static LocalNode node;
  private static LocalRegistry registry;
  private static EmbeddedPulsar pulsar;

  @BeforeAll
  static void installTheChartAndApplyTheExample() throws Exception {
    network = PodNetwork.create();
    plane = LocalControlPlane.start(network);
    node = LocalNode.start(plane, network);
    registry = LocalRegistry.start();
    node.allowPlainHttpRegistry(registry.host());
    pulsar = EmbeddedPulsar.startNew(network.hostAddress());
    String images = registry.host() + "/purchasestream";
    pushImages(images);

    new Helm(ROOT.resolve("helm/purchasestream-operator"))
        .install()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .createNamespace()
        .withKubeConfig(plane.kubeconfig())
        .set("image.registry", images)
        .set("pulsar.serviceUrl", pulsar.serviceUrl())
        .set("pulsar.adminUrl", pulsar.adminUrl())
        .set("statsPeriod", "5s")
        .waitReady()
        .withTimeout((int) TIMEOUT.toSeconds())
        .call();
    Kubectl.Result applied =
        plane.kubectl("apply", "-f", ROOT.resolve("examples/purchasestream.yaml").toString());
    assertThat(applied.ok()).as(applied.err()).isTrue();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable part : new AutoCloseable[] {pulsar, registry, node, plane, network}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        System.err.println("RealNodeTest: closing " + part + ": " + e);
      }
    }
  }

  @Test
  void theOperatorRunsAsItsImageUnderTheChartsSecurityContextAndLimits() {
    Pod pod = readyPod(NAMESPACE, "app.kubernetes.io/name=purchasestream-operator");
    Container container = pod.getSpec().getContainers().get(0);
    assertThat(container.getImage())
        .isEqualTo(registry.host() + "/purchasestream/purchasestream-operator:0.1.0");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
    assertThat(status.getContainerID()).startsWith("containerd://");
    assertThat(status.getReady()).isTrue();

    Kubectl.Result java =
        plane.kubectl(
            "-n",
            NAMESPACE,
            "exec",
            "deployment/" + RELEASE,
            "--",
            "java",
            "-XshowSettings:properties",
            "-version");
    assertThat(java.err()).contains("user.name = nonroot", "java.version = 17.0.21.1");
  }

  @Test
  void theOperatorsMetricsAnswerThroughThePod() {
    Pod pod = readyPod(NAMESPACE, "app.kubernetes.io/name=purchasestream-operator");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        plane
                            .client()
                            .raw(
                                "/api/v1/namespaces/%s/pods/%s:8080/proxy/metrics"
                                    .formatted(NAMESPACE, pod.getMetadata().getName())))
                    .contains(
                        "purchasestream_streams{condition=\"Ready\",reason=\"Ready\",status=\"True\"}"
                            + " 1.0"));
  }

  @Test
  void theExampleRunsAsRestrictedContainersAndPurchasesFlow() {
    awaitPurchasesConsumed();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(stream().getStatus().stats.consumers).isEqualTo(1));

    Pod pod = readyPod("default", "app.kubernetes.io/instance=" + DEMO);
    assertThat(pod.getStatus().getContainerStatuses())
        .allSatisfy(
            status -> {
              assertThat(status.getContainerID()).startsWith("containerd://");
              assertThat(status.getRestartCount()).isZero();
            });
    for (Container container : pod.getSpec().getContainers()) {
      assertThat(container.getImage())
          .isEqualTo(registry.host() + "/purchasestream/purchasestream-workload:0.1.0");
      assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      Kubectl.Result java =
          plane.kubectl(
              "exec",
              pod.getMetadata().getName(),
              "-c",
              container.getName(),
              "--",
              "java",
              "-XshowSettings:properties",
              "-version");
      assertThat(java.err()).contains("user.name = nonroot");
    }
  }

  @Test
  void theContainersJvmsStayInsideTheirMemoryLimits() {
    await()
        .atMost(TIMEOUT)
        .until(() -> stream().getStatus() != null && stream().getStatus().stats != null);
    List<String> figures = new ArrayList<>();
    for (Pod pod :
        List.of(
            readyPod(NAMESPACE, "app.kubernetes.io/name=purchasestream-operator"),
            readyPod("default", "app.kubernetes.io/instance=" + DEMO))) {
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        Quantity limit =
            pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(status.getName()))
                .findFirst()
                .orElseThrow()
                .getResources()
                .getLimits()
                .get("memory");
        assertThat(status.getContainerID()).as(Serialization.asYaml(pod.getStatus())).isNotNull();
        long peak = node.peakMemoryBytes(status.getContainerID());
        long limitBytes = Quantity.getAmountInBytes(limit).longValue();
        figures.add(
            "%s/%s: peak %d MiB of its %s limit"
                .formatted(pod.getMetadata().getName(), status.getName(), peak >> 20, limit));
        assertThat(peak).isLessThan(limitBytes);
        assertThat(status.getRestartCount()).isZero();
      }
    }
    System.out.println("RealNodeTest memory: " + String.join("; ", figures));
  }

  /**
   * The README's image command, with this registry: Jib builds both images on the JRE base and
   * pushes them. It runs in a copy of the repository's files (no build output, no .git): a build in
   * the repository itself would rewrite the jars this test JVM and the next tests load classes
   * from.
   */
  private static void pushImages(String images) throws IOException, InterruptedException {
    Path checkout = Files.createTempDirectory("image-build-");
    try {
      copySources(checkout);
      Path log = checkout.resolve("image-push.log");
      Process build =
          new ProcessBuilder(
                  checkout.resolve("mvnw").toString(),
                  "-B",
                  "-Pimage",
                  "package",
                  "-DskipTests",
                  "-Dimage.registry=" + images,
                  "-Djib.allowInsecureRegistries=true")
              .directory(checkout.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean done = build.waitFor(10, TimeUnit.MINUTES);
      if (!done) {
        Processes.kill(build);
      }
      assertThat(done && build.exitValue() == 0)
          .as("./mvnw -Pimage package:\n" + Files.readString(log))
          .isTrue();
    } finally {
      Directories.delete(checkout);
    }
  }

  /** The repository's files under {@code copy}, without build output or Git's. */
  private static void copySources(Path copy) throws IOException {
    Path root = ROOT.toAbsolutePath().normalize();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file :
          files
              .filter(
                  f ->
                      root.relativize(f).toString().isEmpty()
                          || StreamSupport.stream(root.relativize(f).spliterator(), false)
                              .map(Path::toString)
                              .noneMatch(n -> n.equals("target") || n.equals(".git")))
              .toList()) {
        Path target = copy.resolve(root.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** What {@code kubectl logs deployment/purchases -c consumer} shows once purchases flow. */
  private static void awaitPurchasesConsumed() {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(plane.kubectl("logs", "deployment/" + DEMO, "-c", "consumer").out())
                    .contains(" consumed \""));
  }

  private static PurchaseStream stream() {
    return plane
        .client()
        .resources(PurchaseStream.class)
        .inNamespace("default")
        .withName(DEMO)
        .get();
  }

  /** The one pod of these labels, once it is Ready (its containers' statuses all written). */
  private static Pod readyPod(String namespace, String selector) {
    String[] label = selector.split("=", 2);
    return await()
        .atMost(TIMEOUT)
        .until(
            () ->
                plane
                    .client()
                    .pods()
                    .inNamespace(namespace)
                    .withLabel(label[0], label[1])
                    .list()
                    .getItems(),
            pods -> pods.size() == 1 && Readiness.isPodReady(pods.get(0)))
        .get(0);
  }
}
