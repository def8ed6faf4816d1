package io.letspulsar.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.Kubectl;
import io.letspulsar.testing.PulsarExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product end to end on the sandbox's stack: the demo PurchaseStream from {@code examples/},
 * the operator, a real control plane, the workload's containers as processes, a real broker.
 */
@ExtendWith(PulsarExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
  private static final String NAMESPACE = "default";
  private static final String DEMO = "purchases";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern PURCHASE =
      Pattern.compile(
          "^\\S+/(\\S+)/(producer|consumer) \\| .* (produced|consumed) \"[^\"]+\" for (\\S+) as (\\S+)");

  private static final List<String> output = new CopyOnWriteArrayList<>();
  private static Sandbox sandbox;
  private static EmbeddedPulsar pulsar;

  @BeforeAll
  static void start(EmbeddedPulsar broker) {
    pulsar = broker;
    SandboxOptions defaults = SandboxOptions.parse("--pulsar-url", broker.serviceUrl());
    sandbox =
        Sandbox.start(
            new SandboxOptions(
                defaults.pulsarUrl(),
                broker.adminUrl(),
                defaults.streamFile(),
                defaults.imageTar(),
                "2s"),
            line -> {
              output.add(line);
              System.out.println(line);
            });
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void theDemoStreamRunsAndItsConsumerAcknowledgesThePurchases() {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(ready(DEMO))
                  .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
              PurchaseStreamStatus.Stats stats = stream(DEMO).getStatus().stats;
              assertThat(stats.msgRateIn).isPositive();
              assertThat(stats.consumers).isEqualTo(1);
              assertThat(stats.backlog).isLessThanOrEqualTo(1);
            });
    Pod pod = pods(DEMO).get(0);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(acknowledged(pod)).isGreaterThanOrEqualTo(2));
    assertThat(purchases(DEMO, "consumed")).isNotEmpty();
  }

  @Test
  @Order(2)
  void changingTheIntervalRollsThePodsWithTheNewConfig() {
    String before = pods(DEMO).get(0).getMetadata().getName();

    kubectl(
        "patch",
        "pstream",
        DEMO,
        "--type=merge",
        "-p",
        "{\"spec\":{\"producer\":{\"interval\":\"200ms\"}}}");

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              List<Pod> pods = pods(DEMO);
              assertThat(pods)
                  .singleElement()
                  .satisfies(p -> assertThat(p.getMetadata().getName()).isNotEqualTo(before));
              assertThat(output)
                  .anyMatch(
                      line ->
                          line.contains(pods.get(0).getMetadata().getName() + "/producer")
                              && line.contains("every 200ms"));
              assertThat(stream(DEMO).getStatus().ready).isEqualTo("1/1");
            });
  }

  @Test
  @Order(3)
  void aPulsarOutageShowsInTheStatusAndLosesNoAcknowledgedPurchase() {
    pulsar.stop();
    try {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(ready(DEMO))
                      .hasValueSatisfying(
                          c -> {
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getReason()).isEqualTo("PulsarUnavailable");
                          }));
    } finally {
      pulsar.start();
    }
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(ready(DEMO))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
    // Every purchase the broker acknowledged to a producer reaches a consumer.
    Set<String> produced = purchases(DEMO, "produced").keySet();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(purchases(DEMO, "consumed").keySet()).containsAll(produced));
  }

  @Test
  @Order(4)
  void aKeySharedStreamScaledToTwoSplitsTheUsersBetweenTwoConsumers() throws Exception {
    String name = "by-user";
    Path file = Files.createTempFile("by-user-", ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: streams.letspulsar.io/v1alpha1
        kind: PurchaseStream
        metadata:
          name: by-user
        spec:
          topic: {deletionPolicy: Delete}
          producer: {interval: 50ms}
          consumer: {subscriptionType: Key_Shared}
        """);
    sandbox.apply(file);
    Files.delete(file);
    await().atMost(TIMEOUT).until(() -> "1/1".equals(readyText(name)));

    kubectl("scale", "pstream/" + name, "--replicas=2");

    await().atMost(TIMEOUT).until(() -> "2/2".equals(readyText(name)));
    int seen = output.size();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Map<String, Set<String>> usersByPod =
                  output.subList(seen, output.size()).stream()
                      .map(PURCHASE::matcher)
                      .filter(
                          m ->
                              m.find()
                                  && m.group(3).equals("consumed")
                                  && m.group(1).startsWith(name))
                      .collect(
                          Collectors.groupingBy(
                              m -> m.group(1),
                              Collectors.mapping(m -> m.group(4), Collectors.toSet())));
              assertThat(usersByPod).hasSize(2);
              List<Set<String>> users = List.copyOf(usersByPod.values());
              assertThat(users.get(0)).isNotEmpty().doesNotContainAnyElementsOf(users.get(1));
              assertThat(users.get(1)).isNotEmpty();
            });
  }

  @Test
  @Order(5)
  void deletingAStreamStopsItsPodsCollectsItsObjectsAndDeletesItsTopic() throws Exception {
    String name = "by-user";
    kubectl("delete", "pstream", name, "--timeout=90s");

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(pods(name)).isEmpty();
              assertThat(
                      sandbox
                          .cluster()
                          .client()
                          .configMaps()
                          .inNamespace(NAMESPACE)
                          .withLabel("app.kubernetes.io/instance", name)
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(
                      sandbox
                          .cluster()
                          .client()
                          .apps()
                          .deployments()
                          .inNamespace(NAMESPACE)
                          .withName(name)
                          .get())
                  .isNull();
              assertThat(pulsar.admin().topics().getList("public/default"))
                  .doesNotContain("persistent://public/default/" + name);
            });
  }

  @Test
  @Order(6)
  void aPodOfAnotherImageIsRefusedAndTheStreamSaysWhy() throws Exception {
    String name = "elsewhere";
    Path file = Files.createTempFile(name, ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: streams.letspulsar.io/v1alpha1
        kind: PurchaseStream
        metadata:
          name: elsewhere
        spec:
          image: registry.example/someone-else:1
        """);
    sandbox.apply(file);
    Files.delete(file);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(ready(name))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getReason()).isEqualTo("ImagePullFailed");
                          assertThat(c.getMessage())
                              .contains("ErrImageNeverPull")
                              .contains("asks for registry.example/someone-else:1");
                        }));
    assertThat(output).noneMatch(line -> line.contains("/" + name + "-"));
    kubectl("delete", "pstream", name, "--timeout=90s");
  }

  private static Kubectl.Result kubectl(String... args) {
    Kubectl.Result result = sandbox.cluster().kubectl(args);
    assertThat(result.ok()).as(result.err()).isTrue();
    return result;
  }

  private static PurchaseStream stream(String name) {
    return sandbox
        .cluster()
        .client()
        .resources(PurchaseStream.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  private static String readyText(String name) {
    PurchaseStream stream = stream(name);
    return stream == null || stream.getStatus() == null ? null : stream.getStatus().ready;
  }

  private static Optional<Condition> ready(String name) {
    return Optional.ofNullable(stream(name)).flatMap(stream -> stream.condition("Ready"));
  }

  /** The stream's pods that are not on their way out. */
  private static List<Pod> pods(String name) {
    return sandbox
        .cluster()
        .client()
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel("app.kubernetes.io/instance", name)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  /** The consumer's count of acknowledged purchases, from its Prometheus metrics. */
  private static double acknowledged(Pod pod) throws Exception {
    int port =
        sandbox.kubelet().hostPort(NAMESPACE, pod.getMetadata().getName(), 8081).orElseThrow();
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher acked =
        Pattern.compile("(?m)^purchases_acked_total(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
    return acked.find() ? Double.parseDouble(acked.group(1)) : 0;
  }

  /** Purchases by message id that the stream's producers produced or its consumers consumed. */
  private static Map<String, String> purchases(String name, String what) {
    return output.stream()
        .map(PURCHASE::matcher)
        .filter(m -> m.find() && m.group(3).equals(what) && m.group(1).startsWith(name + "-"))
        .collect(Collectors.toMap(m -> m.group(5), m -> m.group(4), (a, b) -> a));
  }
}
