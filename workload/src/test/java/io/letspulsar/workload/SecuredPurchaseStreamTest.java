package io.letspulsar.workload;

import static io.letspulsar.workload.Harness.clientProperties;
import static io.letspulsar.workload.Harness.consumerConfig;
import static io.letspulsar.workload.Harness.produce;
import static io.letspulsar.workload.Harness.producer;
import static io.letspulsar.workload.Harness.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.testing.PulsarExtension;
import io.letspulsar.testing.SecuredPulsar;
import io.letspulsar.testing.TestPki;
import io.letspulsar.workload.Harness.RecordingConsumer;
import io.letspulsar.workload.Harness.Running;
import io.letspulsar.workload.producer.PurchaseProducer;
import io.letspulsar.workload.runtime.PulsarClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.common.policies.data.AuthAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer and consumer, configured by the application's loader, against a TLS-only broker with
 * authentication and authorization: let in with each authentication method once their role may
 * produce and consume, refused otherwise.
 */
@ExtendWith(PulsarExtension.class)
class SecuredPurchaseStreamTest {
  private static final int PURCHASES = 5;

  @TempDir static Path secrets;

  @Test
  void aTokenFileLetsTheWorkloadIn(SecuredPulsar pulsar) throws Exception {
    String role = "workload-token";
    Path token = Files.writeString(secrets.resolve(role), pulsar.token(role) + "\n");

    sendAndReceive(pulsar, role, Map.of(ConfigKeys.TOKEN_FILE, token.toString()));
  }

  @Test
  void oauth2ClientCredentialsLetTheWorkloadIn(SecuredPulsar pulsar) throws Exception {
    String role = "workload-oauth2";

    sendAndReceive(
        pulsar,
        role,
        Map.of(
            ConfigKeys.OAUTH2_ISSUER_URL, pulsar.oauth2IssuerUrl().toString(),
            ConfigKeys.OAUTH2_AUDIENCE, pulsar.oauth2Audience(),
            ConfigKeys.OAUTH2_CREDENTIALS_FILE, pulsar.oauth2KeyFile(role).toString()));
  }

  @Test
  void aClientCertificateLetsTheWorkloadIn(SecuredPulsar pulsar) throws Exception {
    String role = "workload-mtls";
    TestPki.CertAndKey certificate = pulsar.clientCert(role);

    sendAndReceive(
        pulsar,
        role,
        Map.of(
            ConfigKeys.TLS_CERT_FILE, certificate.certFile().toString(),
            ConfigKeys.TLS_KEY_FILE, certificate.keyFile().toString()));
  }

  @Test
  void aRoleWithoutPermissionStopsTheProducerSayingSo(SecuredPulsar pulsar) throws Exception {
    String role = "workload-not-granted";
    Path token = Files.writeString(secrets.resolve(role), pulsar.token(role));
    String topic = newTopic(pulsar, "not-granted");

    Throwable failure =
        failureOf(
                producer(
                    clientProperties(pulsar, Map.of(ConfigKeys.TOKEN_FILE, token.toString())),
                    topic,
                    Map.of()))
            .join();

    assertThat(failure)
        .isInstanceOf(PulsarClientException.AuthorizationException.class)
        .hasMessageContaining("not authorized");
  }

  @Test
  void aBrokerTheWorkloadCannotVerifyIsRefused(SecuredPulsar pulsar) throws Exception {
    String role = "workload-refusing";
    Path token = Files.writeString(secrets.resolve(role), pulsar.token(role));
    String topic = newTopic(pulsar, "unverified");
    grant(pulsar, topic, role);
    Properties untrustedCa =
        clientProperties(pulsar, Map.of(ConfigKeys.TOKEN_FILE, token.toString()));
    untrustedCa.setProperty(
        ConfigKeys.TLS_TRUST_CERTS_FILE, pulsar.untrustedCaCertFile().toString());

    try (LoopbackForwarder otherName = LoopbackForwarder.to(pulsar.serviceUrlTls())) {
      // The broker's certificate names 127.0.0.1 and localhost, not the forwarder's address (the
      // next test goes through the same forwarder with the check off).
      Properties wrongName =
          clientProperties(pulsar, Map.of(ConfigKeys.TOKEN_FILE, token.toString()));
      wrongName.setProperty(ConfigKeys.SERVICE_URL, otherName.serviceUrlTls());
      PurchaseProducer trustingAnotherCa = producer(untrustedCa, topic, Map.of());
      PurchaseProducer reachingAnotherName = producer(wrongName, topic, Map.of());

      // Both at once: each is retried until the operation timeout.
      long start = System.nanoTime();
      CompletableFuture<Throwable> caFailure = failureOf(trustingAnotherCa);
      CompletableFuture<Throwable> nameFailure = failureOf(reachingAnotherName);
      for (CompletableFuture<Throwable> failure : List.of(caFailure, nameFailure)) {
        assertThat(failure.join())
            .isExactlyInstanceOf(PulsarClientException.class)
            .hasMessageContaining("Connection already closed");
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(trustingAnotherCa.isReady()).isFalse();
      assertThat(reachingAnotherName.isReady()).isFalse();
      assertThat(took)
          .isGreaterThanOrEqualTo(PulsarClients.OPERATION_TIMEOUT)
          .isLessThan(PulsarClients.OPERATION_TIMEOUT.plusSeconds(10));
    }
  }

  @Test
  void withoutHostnameVerificationABrokerOfAnotherNameIsAccepted(SecuredPulsar pulsar)
      throws Exception {
    String role = "workload-no-hostname-check";
    Path token = Files.writeString(secrets.resolve(role), pulsar.token(role));

    try (LoopbackForwarder otherName = LoopbackForwarder.to(pulsar.serviceUrlTls())) {
      sendAndReceive(
          pulsar,
          role,
          Map.of(
              ConfigKeys.SERVICE_URL, otherName.serviceUrlTls(),
              ConfigKeys.TLS_HOSTNAME_VERIFICATION, "false",
              ConfigKeys.TOKEN_FILE, token.toString()));
    }
  }

  /**
   * Grants {@code role} produce and consume and runs a consumer and a producer as it, with the
   * secured broker's client keys and {@code keys} (its credentials, and any other client key).
   */
  private static void sendAndReceive(SecuredPulsar pulsar, String role, Map<String, String> keys)
      throws Exception {
    String topic = newTopic(pulsar, role);
    grant(pulsar, topic, role);
    Properties client = clientProperties(pulsar, keys);

    RecordingConsumer consumer = RecordingConsumer.start(consumerConfig(client, topic, Map.of()));
    await().until(consumer.consumer::isReady);
    produce(client, topic, PURCHASES, "10ms");

    await().untilAsserted(() -> assertThat(consumer.processed).hasSize(PURCHASES));
    consumer.stop();
    assertThat(consumer.metrics.ackedCount()).isEqualTo(PURCHASES);
  }

  private static String newTopic(SecuredPulsar pulsar, String name) throws Exception {
    String topic = uniqueTopic(name);
    pulsar.admin().topics().createNonPartitionedTopic(topic);
    return topic;
  }

  private static void grant(SecuredPulsar pulsar, String topic, String role) throws Exception {
    pulsar
        .admin()
        .topics()
        .grantPermission(topic, role, Set.of(AuthAction.produce, AuthAction.consume));
  }

  /** Runs the producer, which must fail, and returns why. */
  private static CompletableFuture<Throwable> failureOf(PurchaseProducer producer) {
    return Running.start(producer)
        .exit()
        .handle(
            (ok, thrown) -> {
              assertThat(thrown).as("the producer's failure").isNotNull();
              // Running wraps it: CompletionException(IllegalStateException(the exception)).
              Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
              return cause instanceof IllegalStateException ? cause.getCause() : cause;
            })
        .orTimeout(2, TimeUnit.MINUTES);
  }
}
