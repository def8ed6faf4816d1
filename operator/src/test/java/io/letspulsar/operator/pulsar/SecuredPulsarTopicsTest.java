package io.letspulsar.operator.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.model.Tenancy;
import io.letspulsar.testing.PulsarExtension;
import io.letspulsar.testing.SecuredPulsar;
import io.letspulsar.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.common.policies.data.AuthAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's admin client against a real secured broker (TLS, authentication and authorization
 * on): each way of authenticating works, each way of being refused has its own reason, and a grant
 * lets the workload's role produce and consume — then no more once taken back.
 */
@ExtendWith(PulsarExtension.class)
class SecuredPulsarTopicsTest {
  @TempDir Path dir;

  private static PulsarCluster cluster(
      SecuredPulsar pulsar, PulsarCluster.Credentials credentials, Path trust) {
    return new PulsarCluster(
        "secured",
        UUID.randomUUID().toString(),
        pulsar.adminUrlTls(),
        pulsar.serviceUrlTls(),
        credentials,
        Optional.of(trust),
        true,
        Tenancy.OPEN);
  }

  private Path tokenFile(String token) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "token", ""), token);
  }

  private PulsarCluster asOperator(SecuredPulsar pulsar, PulsarCluster.Credentials credentials) {
    return cluster(pulsar, credentials, pulsar.caCertFile());
  }

  @Test
  void theOperatorIsAcceptedWithATokenOAuth2OrAClientCertificate(SecuredPulsar pulsar)
      throws Exception {
    TestPki.CertAndKey cert = pulsar.clientCert(SecuredPulsar.SUPER_USER);
    for (PulsarCluster.Credentials credentials :
        new PulsarCluster.Credentials[] {
          new PulsarCluster.Token(tokenFile(pulsar.token(SecuredPulsar.SUPER_USER))),
          new PulsarCluster.OAuth2(
              pulsar.oauth2IssuerUrl().toString(),
              pulsar.oauth2Audience(),
              null,
              pulsar.oauth2KeyFile(SecuredPulsar.SUPER_USER)),
          new PulsarCluster.Tls(cert.certFile(), cert.keyFile())
        }) {
      try (PulsarTopics topics = AdminPulsarTopics.connect(asOperator(pulsar, credentials))) {
        assertThat(topics.check(List.of("public/default", "public/*")))
            .as(credentials.method())
            .startsWith("4.0");
      }
    }
  }

  @Test
  void eachRefusalHasItsOwnReason(SecuredPulsar pulsar) throws Exception {
    String topic = "persistent://public/default/refusals-" + UUID.randomUUID();
    try (PulsarTopics wrong =
            AdminPulsarTopics.connect(
                asOperator(
                    pulsar, new PulsarCluster.Token(tokenFile(pulsar.expiredToken("anyone")))));
        PulsarTopics noPermission =
            AdminPulsarTopics.connect(
                asOperator(pulsar, new PulsarCluster.Token(tokenFile(pulsar.token("nobody")))));
        PulsarTopics unknownCa =
            AdminPulsarTopics.connect(
                cluster(
                    pulsar,
                    new PulsarCluster.Token(tokenFile(pulsar.token(SecuredPulsar.SUPER_USER))),
                    pulsar.untrustedCaCertFile()))) {
      assertThatThrownBy(() -> wrong.describe(topic))
          .isInstanceOfSatisfying(
              PulsarException.class,
              e -> assertThat(e.reason()).isEqualTo(PulsarException.Reason.UNAUTHENTICATED));
      // 401 or 403, depending on the call: both mean a role without permission here.
      assertThatThrownBy(() -> noPermission.check(List.of("public/default")))
          .isInstanceOfSatisfying(
              PulsarException.class,
              e -> assertThat(e.reason()).isEqualTo(PulsarException.Reason.FORBIDDEN))
          .hasMessageContaining("could not administer public/default");
      assertThatThrownBy(() -> noPermission.describe(topic))
          .isInstanceOfSatisfying(
              PulsarException.class,
              e -> assertThat(e.reason()).isEqualTo(PulsarException.Reason.FORBIDDEN));
      assertThatThrownBy(() -> noPermission.create(topic, 0, Map.of()))
          .isInstanceOfSatisfying(
              PulsarException.class,
              e -> assertThat(e.reason()).isEqualTo(PulsarException.Reason.FORBIDDEN));
      assertThatThrownBy(() -> unknownCa.check(List.of()))
          .isInstanceOfSatisfying(
              PulsarException.class,
              e -> assertThat(e.reason()).isEqualTo(PulsarException.Reason.TLS_FAILED))
          .hasMessageContaining("check the CA");
    }
  }

  @Test
  void aGrantLetsTheWorkloadsRoleProduceAndConsumeUntilItIsTakenBack(SecuredPulsar pulsar)
      throws Exception {
    String topic = "persistent://public/default/granted-" + UUID.randomUUID();
    try (PulsarTopics topics =
            AdminPulsarTopics.connect(
                asOperator(
                    pulsar,
                    new PulsarCluster.Token(tokenFile(pulsar.token(SecuredPulsar.SUPER_USER)))));
        PulsarClient app =
            pulsar
                .clientBuilder()
                .authentication(AuthenticationFactory.token(pulsar.token("orders-app")))
                .operationTimeout(5, TimeUnit.SECONDS)
                .build()) {
      topics.create(topic, 0, Map.of());
      assertThatThrownBy(() -> app.newProducer(Schema.STRING).topic(topic).create())
          .isInstanceOf(PulsarClientException.AuthorizationException.class);

      topics.grant(topic, "orders-app");

      try (var producer = app.newProducer(Schema.STRING).topic(topic).create()) {
        producer.send("book");
      }
      assertThat(topics.describe(topic).orElseThrow().permissions())
          .containsEntry("orders-app", PulsarTopics.PRODUCE_AND_CONSUME);

      topics.revoke(topic, "orders-app");
      topics.revoke(topic, "orders-app"); // nothing left to take back: not an error

      assertThat(topics.describe(topic).orElseThrow().permissions())
          .doesNotContainKey("orders-app");
      await()
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> app.newProducer(Schema.STRING).topic(topic).create())
                      .isInstanceOf(PulsarClientException.AuthorizationException.class));
    }
  }

  @Test
  void aRoleThatMayNotReadEveryTopicsStatsReadsItsOwnTopicByTopic(SecuredPulsar pulsar)
      throws Exception {
    String namespace = "public/figures-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "persistent://" + namespace + "/orders";
    pulsar.admin().namespaces().createNamespace(namespace);
    pulsar
        .admin()
        .namespaces()
        .grantPermissionOnNamespace(
            namespace, "team-operator", Set.of(AuthAction.produce, AuthAction.consume));
    pulsar.admin().topics().createNonPartitionedTopic(topic);
    PulsarCluster cluster =
        asOperator(pulsar, new PulsarCluster.Token(tokenFile(pulsar.token("team-operator"))));
    try (PulsarConnections connections =
            new PulsarConnections(
                AdminPulsarTopics::connect, 1, Duration.ofMinutes(1), Clock.systemUTC());
        PulsarClient app =
            pulsar
                .clientBuilder()
                .authentication(AuthenticationFactory.token(pulsar.token("team-operator")))
                .build()) {
      app.newConsumer().topic(topic).subscriptionName("billing").subscribe().close();
      try (var producer = app.newProducer(Schema.STRING).topic(topic).create()) {
        producer.send("book");
        producer.send("lamp");
      }
      ClusterStats stats = new ClusterStats(connections, Duration.ofSeconds(1), Clock.systemUTC());

      assertThat(stats.of(cluster, topic, 0, "billing").stats().backlog()).isEqualTo(2);
    }
  }
}
