package io.letspulsar.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.Kubectl;
import io.letspulsar.testing.PulsarExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product end to end on the sandbox's stack: the demo PurchaseStream from {@code examples/},
 * the operator, a real control plane, the workload's containers as processes, a real broker.
 *
 * <p>Every test but the demo's applies a stream of its own from YAML, as a user would, and deletes
 * it when done (without waiting: its pods stop while the next test runs); none changes what another
 * one looks at, so each passes alone and in any order. The one that stops Pulsar starts it again
 * whatever happens.
 */
@ExtendWith(PulsarExtension.class)
class EndToEndTest {
  private static final String NAMESPACE = "default";
  private static final String DEMO = "purchases";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private static SandboxProbe probe;
  private static List<String> output;
  private static EmbeddedPulsar pulsar;

  @BeforeAll
  static void start(EmbeddedPulsar broker) {
    pulsar = broker;
    probe =
        SandboxProbe.start(
            SandboxOptions.parse(
                    "--pulsar-url", broker.serviceUrl(), "--pulsar-admin-url", broker.adminUrl())
                .withStatsPeriod("2s"));
    output = probe.output();
  }

  @AfterAll
  static void stop() {
    if (probe != null) {
      probe.close();
    }
  }

  /** The demo the sandbox applied from examples/; only this test looks at it, none changes it. */
  @Test
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
        .untilAsserted(() -> assertThat(probe.acknowledged(pod)).isGreaterThanOrEqualTo(2));
    assertThat(purchases(DEMO, "consumed")).isNotEmpty();
  }

  @Test
  void changingTheIntervalRollsThePodsWithTheNewConfig() throws Exception {
    String name = "rolling";
    apply(name, "producer: {interval: 1s}");
    try {
      await().atMost(TIMEOUT).until(() -> "1/1".equals(readyText(name)));
      String before = pods(name).get(0).getMetadata().getName();

      kubectl(
          "patch",
          "pstream",
          name,
          "--type=merge",
          "-p",
          "{\"spec\":{\"producer\":{\"interval\":\"200ms\"}}}");

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                List<Pod> pods = pods(name);
                assertThat(pods)
                    .singleElement()
                    .satisfies(p -> assertThat(p.getMetadata().getName()).isNotEqualTo(before));
                assertThat(output)
                    .anyMatch(
                        line ->
                            line.contains(pods.get(0).getMetadata().getName() + "/producer")
                                && line.contains("every 200ms"));
                assertThat(stream(name).getStatus().ready).isEqualTo("1/1");
              });
    } finally {
      deleteLater(name);
    }
  }

  @Test
  void aPulsarOutageShowsInTheStatusAndLosesNoAcknowledgedPurchase() throws Exception {
    String name = "outage";
    apply(name, "producer: {interval: 200ms}");
    try {
      await().atMost(TIMEOUT).until(() -> !purchases(name, "consumed").isEmpty());

      pulsar.stop();
      try {
        await()
            .atMost(TIMEOUT)
            .untilAsserted(
                () ->
                    assertThat(ready(name))
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
                  assertThat(ready(name))
                      .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
      // Every purchase the broker acknowledged to a producer reaches a consumer.
      Set<String> produced = purchases(name, "produced").keySet();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> assertThat(purchases(name, "consumed").keySet()).containsAll(produced));
    } finally {
      deleteLater(name);
    }
  }

  @Test
  void aKeySharedStreamScaledToTwoSplitsTheUsersBetweenTwoConsumers() throws Exception {
    String name = "by-user";
    // Enough users that both consumers' hash ranges get some: with the demo's 6, all of them fell
    // in one consumer's ranges in about one run of 30 (two consumers, 2 x 2^-6).
    String manyUsers =
        IntStream.rangeClosed(1, 24).mapToObj(i -> "user-" + i).collect(Collectors.joining(", "));
    apply(
        name,
        "producer: {interval: 50ms, users: ["
            + manyUsers
            + "]}\nconsumer: {subscriptionType: Key_Shared}");
    try {
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
                        .map(SandboxProbe.PURCHASE::matcher)
                        .filter(
                            m ->
                                m.find()
                                    && m.group(3).equals("consumed")
                                    && m.group(1).startsWith(name + "-"))
                        .collect(
                            Collectors.groupingBy(
                                m -> m.group(1),
                                Collectors.mapping(m -> m.group(4), Collectors.toSet())));
                assertThat(usersByPod).hasSize(2);
                List<Set<String>> users = List.copyOf(usersByPod.values());
                assertThat(users.get(0)).isNotEmpty().doesNotContainAnyElementsOf(users.get(1));
                assertThat(users.get(1)).isNotEmpty();
              });
    } finally {
      deleteLater(name);
    }
  }

  @Test
  void aPodOfAnotherImageIsRefusedAndTheStreamSaysWhy() throws Exception {
    String name = "elsewhere";
    apply(name, "image: registry.example/someone-else:1");
    try {
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
    } finally {
      deleteLater(name);
    }
  }

  /** Applies a PurchaseStream with this name and spec as a user would: from a YAML file. */
  private static void apply(String name, String spec) throws IOException {
    Path file = Files.createTempFile(name + "-", ".yaml");
    try {
      Files.writeString(
          file,
          """
          apiVersion: streams.letspulsar.io/v1alpha1
          kind: PurchaseStream
          metadata:
            name: %s
          spec:
          %s"""
              .formatted(name, spec.indent(2)));
      probe.sandbox().apply(file);
    } finally {
      Files.delete(file);
    }
  }

  private static void deleteLater(String name) {
    probe.deleteLater(NAMESPACE, name);
  }

  private static Kubectl.Result kubectl(String... args) {
    return probe.kubectl(args);
  }

  private static PurchaseStream stream(String name) {
    return probe.stream(NAMESPACE, name);
  }

  private static String readyText(String name) {
    PurchaseStream stream = stream(name);
    return stream == null || stream.getStatus() == null ? null : stream.getStatus().ready;
  }

  private static Optional<Condition> ready(String name) {
    return probe.ready(NAMESPACE, name);
  }

  private static List<ConfigMap> configMaps(String name) {
    return probe
        .sandbox()
        .cluster()
        .client()
        .configMaps()
        .inNamespace(NAMESPACE)
        .withLabel("app.kubernetes.io/instance", name)
        .list()
        .getItems();
  }

  private static List<Pod> pods(String name) {
    return probe.pods(NAMESPACE, name);
  }

  private static Map<String, String> purchases(String name, String what) {
    return probe.purchases(NAMESPACE, name, what);
  }
}
