package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.Authentication;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.impl.auth.oauth2.AuthenticationFactoryOAuth2;
import org.apache.pulsar.common.policies.data.AuthAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the secured broker lets in, with real clients over TLS. */
@ExtendWith(PulsarExtension.class)
class SecuredPulsarTest {
  private static final Set<AuthAction> PRODUCE_AND_CONSUME =
      EnumSet.of(AuthAction.produce, AuthAction.consume);

  @Test
  void theSuperUserListsTenantsOverHttpsTrustingTheTestCa(SecuredPulsar pulsar) throws Exception {
    assertThat(pulsar.adminUrlTls()).startsWith("https://127.0.0.1:");
    assertThat(pulsar.serviceUrlTls()).startsWith("pulsar+ssl://127.0.0.1:");

    assertThat(pulsar.admin().tenants().getTenants()).contains("public");
    assertThat(pulsar.admin().namespaces().getNamespaces("public")).contains("public/default");
  }

  @Test
  void aTokenRoleProducesAndConsumesOnlyOnceGranted(SecuredPulsar pulsar) throws Exception {
    String topic = RoundTrip.newTopic(pulsar.admin(), "token");
    Authentication app = AuthenticationFactory.token(pulsar.token("app"));

    try (PulsarClient client = pulsar.clientBuilder().authentication(app).build();
        PulsarAdmin admin = pulsar.adminBuilder().authentication(app).build()) {
      assertThatThrownBy(() -> RoundTrip.sendAndReceive(client, topic))
          .isExactlyInstanceOf(PulsarClientException.AuthorizationException.class)
          .hasMessageContaining("not authorized");
      assertThatThrownBy(() -> admin.topics().getStats(topic))
          .isExactlyInstanceOf(PulsarAdminException.NotAuthorizedException.class);

      pulsar.admin().topics().grantPermission(topic, "app", PRODUCE_AND_CONSUME);

      RoundTrip.sendAndReceive(client, topic);
      assertThat(admin.topics().getStats(topic).getSubscriptions()).containsKey("test");
    }
  }

  @Test
  void aClientCertificateRoleProducesAndConsumesOnceGranted(SecuredPulsar pulsar) throws Exception {
    String topic = RoundTrip.newTopic(pulsar.admin(), "mtls");
    TestPki.CertAndKey app = pulsar.clientCert("app");
    Authentication tls =
        AuthenticationFactory.TLS(app.certFile().toString(), app.keyFile().toString());

    try (PulsarClient client = pulsar.clientBuilder().authentication(tls).build()) {
      assertThatThrownBy(() -> RoundTrip.sendAndReceive(client, topic))
          .isExactlyInstanceOf(PulsarClientException.AuthorizationException.class);

      pulsar.admin().topics().grantPermission(topic, "app", PRODUCE_AND_CONSUME);

      RoundTrip.sendAndReceive(client, topic);
    }
  }

  @Test
  void theSuperUserAdministersWithItsClientCertificate(SecuredPulsar pulsar) throws Exception {
    TestPki.CertAndKey operator = pulsar.clientCert(SecuredPulsar.SUPER_USER);
    Authentication tls =
        AuthenticationFactory.TLS(operator.certFile().toString(), operator.keyFile().toString());

    try (PulsarAdmin admin = pulsar.adminBuilder().authentication(tls).build()) {
      assertThat(admin.tenants().getTenants()).contains("public");
    }
  }

  @Test
  void oauth2ClientCredentialsWorkForAdminAndClient(SecuredPulsar pulsar) throws Exception {
    String topic = RoundTrip.newTopic(pulsar.admin(), "oauth2");
    Authentication operator =
        AuthenticationFactoryOAuth2.clientCredentials(
            pulsar.oauth2IssuerUrl(),
            pulsar.oauth2KeyFile(SecuredPulsar.SUPER_USER).toUri().toURL(),
            pulsar.oauth2Audience());
    Authentication app =
        AuthenticationFactoryOAuth2.clientCredentials(
            pulsar.oauth2IssuerUrl(),
            pulsar.oauth2KeyFile("app").toUri().toURL(),
            pulsar.oauth2Audience());

    try (PulsarAdmin admin = pulsar.adminBuilder().authentication(operator).build();
        PulsarClient client = pulsar.clientBuilder().authentication(app).build()) {
      assertThat(admin.tenants().getTenants()).contains("public");
      admin.topics().grantPermission(topic, "app", PRODUCE_AND_CONSUME);

      RoundTrip.sendAndReceive(client, topic);
    }
  }

  @Test
  void topicsAndPermissionsSurviveARestart(SecuredPulsar pulsar) throws Exception {
    String topic = RoundTrip.newTopic(pulsar.admin(), "restart");
    pulsar.admin().topics().grantPermission(topic, "app", PRODUCE_AND_CONSUME);

    pulsar.stop();
    assertThat(pulsar.isRunning()).isFalse();
    pulsar.start();

    try (PulsarClient client =
        pulsar
            .clientBuilder()
            .authentication(AuthenticationFactory.token(pulsar.token("app")))
            .build()) {
      RoundTrip.sendAndReceive(client, topic);
    }
    assertThat(pulsar.admin().topics().getPermissions(topic)).containsKey("app");
  }
}
