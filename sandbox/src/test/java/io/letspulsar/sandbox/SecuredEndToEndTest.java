package io.letspulsar.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.letspulsar.operator.api.PulsarConnection;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.testing.SecuredPulsar;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product end to end against a secured broker, on the sandbox started with {@code --secured} as
 * a user starts it: TLS only, authentication and authorization on, the operator's own Pulsar
 * configured from files as the Helm chart mounts them, every example filled in with the broker's
 * credentials as it is applied: the demo's stream, with its token and the operator's own Pulsar.
 * The examples of {@code examples/secured/} (OAuth2, mTLS, each with its PulsarConnection) run in
 * {@code SecuredOnClusterTest} on the same kind of broker.
 */
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
