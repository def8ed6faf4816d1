package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminBuilder;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.Authentication;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.ClientBuilder;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.impl.auth.oauth2.AuthenticationFactoryOAuth2;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How each refusal of the secured broker reaches a real admin client and a real client: the exact
 * exception types and HTTP statuses a caller can classify by.
 *
 * <ul>
 *   <li>Authentication refused (no, wrong, expired or wrong-audience token, a client certificate of
 *       another CA): the admin client throws {@link PulsarAdminException.NotAuthorizedException},
 *       status 401, message "Authentication required" (the reason is only in the broker's log); the
 *       client throws {@link PulsarClientException.AuthenticationException} "Failed to
 *       authenticate" at once.
 *   <li>Authorization refused: {@link PulsarAdminException.NotAuthorizedException} too, with 401 or
 *       403 depending on the operation (and a "reason" naming it); the client throws {@link
 *       PulsarClientException.AuthorizationException} at once.
 *   <li>A server certificate the client does not trust: the admin client throws a plain {@link
 *       PulsarAdminException} (status 500, no HTTP answer) caused by an {@link
 *       SSLHandshakeException}; the client retries until its operation timeout and throws a plain
 *       {@link PulsarClientException} "Connection already closed" with no TLS cause attached.
 * </ul>
 */
@ExtendWith(PulsarExtension.class)
class SecuredPulsarFailuresTest {
  private static final int CLIENT_TIMEOUT_SECONDS = 3;

  private static List<Throwable> causes(Throwable thrown) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static PulsarAdminException adminFailure(PulsarAdminBuilder builder, AdminCall call)
      throws PulsarClientException {
    try (PulsarAdmin admin = builder.build()) {
      return catchThrowableOfType(PulsarAdminException.class, () -> call.on(admin));
    }
  }

  private static Throwable clientFailure(ClientBuilder builder, String topic)
      throws PulsarClientException {
    try (PulsarClient client =
        builder.operationTimeout(CLIENT_TIMEOUT_SECONDS, TimeUnit.SECONDS).build()) {
      return catchThrowable(() -> RoundTrip.sendAndReceive(client, topic));
    }
  }

  private interface AdminCall {
    void on(PulsarAdmin admin) throws PulsarAdminException;
  }

  /** Makes a fresh authentication for each client: closing a client closes its authentication. */
  private interface Credentials {
    Authentication make() throws Exception;
  }

  private static void assertAuthenticationRefused(SecuredPulsar pulsar, Credentials credentials)
      throws Exception {
    String topic = RoundTrip.newTopic(pulsar.admin(), "refused");

    PulsarAdminException admin =
        adminFailure(
            pulsar.adminBuilder().authentication(credentials.make()),
            a -> a.topics().getStats(topic));
    assertThat(admin).isExactlyInstanceOf(PulsarAdminException.NotAuthorizedException.class);
    assertThat(admin.getStatusCode()).isEqualTo(401);
    assertThat(admin).hasMessageContaining("Authentication required");

    Throwable client =
        clientFailure(pulsar.clientBuilder().authentication(credentials.make()), topic);
    assertThat(client)
        .isExactlyInstanceOf(PulsarClientException.AuthenticationException.class)
        .hasMessage("Failed to authenticate");
  }

  @Test
  void noCredentialsAreRefusedAsUnauthenticated(SecuredPulsar pulsar) throws Exception {
    assertAuthenticationRefused(pulsar, () -> AuthenticationFactory.token(""));
  }

  @Test
  void aTokenOfAnotherKeyIsRefusedAsUnauthenticated(SecuredPulsar pulsar) throws Exception {
    TestTokens stranger = TestTokens.create(SecuredPulsar.AUDIENCE);

    assertAuthenticationRefused(
        pulsar, () -> AuthenticationFactory.token(stranger.token(SecuredPulsar.SUPER_USER)));
  }

  @Test
  void anExpiredTokenIsRefusedAsUnauthenticated(SecuredPulsar pulsar) throws Exception {
    assertAuthenticationRefused(
        pulsar, () -> AuthenticationFactory.token(pulsar.expiredToken(SecuredPulsar.SUPER_USER)));
  }

  @Test
  void aTokenForAnotherAudienceIsRefusedAsUnauthenticated(SecuredPulsar pulsar) throws Exception {
    TestTokens elsewhere = TestTokens.create("urn:elsewhere");
    assertThat(elsewhere.audience()).isNotEqualTo(SecuredPulsar.AUDIENCE);

    assertAuthenticationRefused(
        pulsar,
        () ->
            AuthenticationFactoryOAuth2.clientCredentials(
                pulsar.oauth2IssuerUrl(),
                pulsar.oauth2KeyFile(SecuredPulsar.SUPER_USER).toUri().toURL(),
                elsewhere.audience()));
  }

  @Test
  void aClientCertificateOfAnotherCaIsRefusedAsUnauthenticated(SecuredPulsar pulsar)
      throws Exception {
    TestPki.CertAndKey stranger = pulsar.pki().untrustedClientCert(SecuredPulsar.SUPER_USER);

    assertAuthenticationRefused(
        pulsar,
        () ->
            AuthenticationFactory.TLS(
                stranger.certFile().toString(), stranger.keyFile().toString()));
  }

  @Test
  void aRoleWithoutPermissionIsRefusedAsUnauthorized(SecuredPulsar pulsar) throws Exception {
    String topic = RoundTrip.newTopic(pulsar.admin(), "unauthorized");
    PulsarAdminBuilder app =
        pulsar.adminBuilder().authentication(AuthenticationFactory.token(pulsar.token("app")));

    PulsarAdminException stats = adminFailure(app, a -> a.topics().getStats(topic));
    assertThat(stats).isExactlyInstanceOf(PulsarAdminException.NotAuthorizedException.class);
    assertThat(stats.getStatusCode()).isEqualTo(401);
    assertThat(stats).hasMessageContaining("Unauthorized to validateTopicOperation");

    PulsarAdminException list = adminFailure(app, a -> a.topics().getList("public/default"));
    assertThat(list).isExactlyInstanceOf(PulsarAdminException.NotAuthorizedException.class);
    assertThat(list.getStatusCode()).isEqualTo(403);

    PulsarAdminException create =
        adminFailure(app, a -> a.topics().createNonPartitionedTopic(topic + "-new"));
    assertThat(create.getStatusCode()).isEqualTo(403);

    PulsarAdminException tenants = adminFailure(app, a -> a.tenants().getTenants());
    assertThat(tenants).isExactlyInstanceOf(PulsarAdminException.NotAuthorizedException.class);
    assertThat(tenants.getStatusCode()).isEqualTo(401);

    Throwable client =
        clientFailure(
            pulsar.clientBuilder().authentication(AuthenticationFactory.token(pulsar.token("app"))),
            topic);
    assertThat(client)
        .isExactlyInstanceOf(PulsarClientException.AuthorizationException.class)
        .hasMessageContaining("Client is not authorized");
  }

  @Test
  void aServerCertificateOfAnUntrustedCaFailsTheTlsHandshake(SecuredPulsar pulsar)
      throws Exception {
    String topic = RoundTrip.newTopic(pulsar.admin(), "untrusted");
    Authentication operator = AuthenticationFactory.token(pulsar.token(SecuredPulsar.SUPER_USER));
    String untrusted = pulsar.untrustedCaCertFile().toString();

    PulsarAdminException admin =
        adminFailure(
            pulsar.adminBuilder().tlsTrustCertsFilePath(untrusted).authentication(operator),
            a -> a.tenants().getTenants());
    assertThat(admin).isExactlyInstanceOf(PulsarAdminException.class);
    assertThat(admin.getStatusCode()).isEqualTo(500);
    assertThat(causes(admin)).hasAtLeastOneElementOfType(SSLHandshakeException.class);

    Throwable client =
        clientFailure(
            pulsar.clientBuilder().tlsTrustCertsFilePath(untrusted).authentication(operator),
            topic);
    assertThat(client)
        .isExactlyInstanceOf(PulsarClientException.class)
        .hasMessageContaining("Connection already closed");
  }

  @Test
  void aWrongOAuth2SecretFailsBeforeTheBrokerIsAsked(SecuredPulsar pulsar) throws Exception {
    String topic = RoundTrip.newTopic(pulsar.admin(), "wrong-secret");
    URL issuer = pulsar.oauth2IssuerUrl();
    pulsar.oauth2().register("app");
    Path wrong =
        TestOAuth2Server.writeKeyFile(
            pulsar.oauth2KeyFile("app").resolveSibling("app-wrong-secret.json"),
            "app",
            "not-the-secret",
            issuer.toString());
    Credentials app =
        () ->
            AuthenticationFactoryOAuth2.clientCredentials(
                issuer, wrong.toUri().toURL(), pulsar.oauth2Audience());

    // The admin client fetches its first token when it is built.
    ThrowingCallable build = () -> pulsar.adminBuilder().authentication(app.make()).build().close();
    assertThat(catchThrowable(build))
        .isExactlyInstanceOf(PulsarClientException.AuthenticationException.class)
        .hasMessageContaining("invalid_client");

    // The client retries until its operation timeout, the cause wrapped three times.
    Throwable client = clientFailure(pulsar.clientBuilder().authentication(app.make()), topic);
    assertThat(client).isExactlyInstanceOf(PulsarClientException.class);
    assertThat(causes(client))
        .last()
        .isExactlyInstanceOf(PulsarClientException.AuthenticationException.class);
  }
}
