package io.letspulsar.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.letspulsar.operator.api.PulsarConnection;
import io.letspulsar.operator.api.PulsarConnectionStatus;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.testing.SecuredPulsar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The product end to end against a secured broker, on the sandbox started with {@code --secured} as
 * a user starts it: TLS only, authentication and authorization on, the operator's own Pulsar
 * configured from files as the Helm chart mounts them, every example filled in with the broker's
 * credentials as it is applied. One stream per way of authenticating: the demo's (token, the
 * operator's own Pulsar), then the OAuth2 and the mTLS examples of {@code examples/secured/}, each
 * with its PulsarConnection.
 *
 * <p>Each test looks only at its own streams, so each passes alone and in any order. The examples
 * go first only for time: the demo's pods, applied when the sandbox started, get ready meanwhile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredEndToEndTest {
  private static final String DEMO = "purchases-auth";
  private static final String SHOP = "shop";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private static SandboxProbe probe;
  private static SecuredPulsar pulsar;

  @BeforeAll
  static void start() {
    probe = SandboxProbe.start(SandboxOptions.parse("--secured").withStatsPeriod("2s"));
    pulsar = probe.sandbox().securedPulsar().orElseThrow();
  }

  @AfterAll
  static void stop() {
    if (probe != null) {
      probe.close();
    }
  }

  /** examples/purchasestream-auth.yaml, which the sandbox applied: a token over TLS. */
  @Test
  @Order(2)
  void theDemoStreamAuthenticatesWithItsTokenAndItsConsumerAcknowledgesThePurchases()
      throws Exception {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(probe.ready("default", DEMO))
                  .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
              PurchaseStreamStatus.Stats stats = probe.stream("default", DEMO).getStatus().stats;
              assertThat(stats.msgRateIn).isPositive();
              assertThat(stats.consumers).isEqualTo(1);
            });
    Pod pod = probe.pods("default", DEMO).get(0);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(probe.acknowledged(pod)).isGreaterThanOrEqualTo(2));
    assertThat(pulsar.admin().topics().getPermissions("persistent://public/default/" + DEMO))
        .as("the demo role's grant")
        .containsKey("purchases-app");
    assertThat(probe.sandbox().securedSummary())
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .contains("secured")
                    .contains("default/" + DEMO + " as role purchases-app"));
  }

  /**
   * examples/secured/oauth2.yaml and mtls.yaml, applied as written: their connections and streams
   * reach Ready with purchases consumed; deleting the streams (deletionPolicy Delete) deletes their
   * topics.
   */
  @Test
  @Order(1)
  void theOAuth2AndMtlsExamplesRunAndTheirTopicsGoWithTheirStreams() throws Exception {
    List<String> streams = List.of("orders-oauth2", "orders-mtls");
    try {
      probe.sandbox().apply(Path.of("../examples/secured/oauth2.yaml"));
      probe.sandbox().apply(Path.of("../examples/secured/mtls.yaml"));

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                for (String name : streams) {
                  assertThat(probe.ready(SHOP, name))
                      .as(name)
                      .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
                  assertThat(probe.purchases(SHOP, name, "consumed")).as(name).isNotEmpty();
                }
              });
      for (String name : List.of("managed-pulsar", "mtls-pulsar")) {
        PulsarConnectionStatus status = connection(name).getStatus();
        assertThat(status.condition("Ready"))
            .as(name)
            .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(status.brokerVersion).as(name).startsWith("4.0");
      }
      assertThat(pulsar.admin().topics().getList("public/default"))
          .contains(topic(streams.get(0)), topic(streams.get(1)));

      probe.kubectl(
          "delete", "pstream", "-n", SHOP, streams.get(0), streams.get(1), "--timeout=60s");

      assertThat(pulsar.admin().topics().getList("public/default"))
          .as("deletionPolicy Delete")
          .doesNotContain(topic(streams.get(0)), topic(streams.get(1)));
    } finally {
      streams.forEach(name -> probe.deleteLater(SHOP, name));
    }
  }

  private static String topic(String name) {
    return "persistent://public/default/" + name;
  }

  private static PulsarConnection connection(String name) {
    return probe
        .sandbox()
        .cluster()
        .client()
        .resources(PulsarConnection.class)
        .inNamespace(Sandbox.OPERATOR_NAMESPACE)
        .withName(name)
        .get();
  }
}
