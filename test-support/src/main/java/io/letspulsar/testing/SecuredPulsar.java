package io.letspulsar.testing;

import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminBuilder;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.ClientBuilder;
import org.apache.pulsar.client.api.PulsarClient;

/**
 * A real Pulsar standalone in this JVM secured as a shared cluster is: TLS only, authentication and
 * authorization on. Bound to 127.0.0.1 on free ports, data under a fresh temporary directory, with
 * everything a test needs to be let in or refused:
 *
 * <ul>
 *   <li>TLS on the broker port ({@link #serviceUrlTls()}) and the web port ({@link #adminUrlTls()})
 *       with a server certificate for 127.0.0.1 from a test CA ({@link #caCertFile()}); no
 *       plain-text port is open.
 *   <li>Authentication by JWT (RS256, role in {@code sub}, audience {@link #AUDIENCE} required):
 *       {@link #token(String)}, {@link #expiredToken(String)}; by client certificate (role = CN):
 *       {@link #clientCert(String)}; by OAuth2 client credentials from an OAuth2 server in this
 *       JVM: {@link #oauth2IssuerUrl()}, {@link #oauth2KeyFile(String)}.
 *   <li>Authorization on; {@link #SUPER_USER} is the only super-user (also the role the broker's
 *       internal client uses), {@link #admin()} acts as it.
 * </ul>
 *
 * <p>Ports, data and credentials survive {@link #stop()} and {@link #start()}. {@link #close()}
 * stops broker and OAuth2 server and deletes everything.
 */
public final class SecuredPulsar implements AutoCloseable {
  /** The super-user role: the operator's. */
  public static final String SUPER_USER = "purchasestream-operator";

  /** The audience ({@code aud}) the broker requires in every token, OAuth2 ones included. */
  public static final String AUDIENCE = "urn:letspulsar:test-pulsar";

  private final int brokerPortTls;
  private final int webPortTls;
  private final TestPki pki;
  private final TestTokens tokens;
  private final TestOAuth2Server oauth2;
  private final StandaloneBroker broker;

  private SecuredPulsar(Path home) {
    this.brokerPortTls = FreePorts.next();
    this.webPortTls = FreePorts.next();
    Path secrets = home.resolve("secrets");
    this.pki = TestPki.create(secrets.resolve("pki"));
    this.tokens = TestTokens.create(AUDIENCE);
    this.oauth2 = TestOAuth2Server.start(tokens.keyPair(), secrets.resolve("oauth2"));
    this.broker =
        new StandaloneBroker(
            home,
            settings(secrets),
            () -> adminBuilder().authentication(AuthenticationFactory.token(token(SUPER_USER))));
  }

  /** Creates and starts a secured broker and its OAuth2 server; blocks until they serve. */
  public static SecuredPulsar startNew() {
    SecuredPulsar pulsar = new SecuredPulsar(StandaloneBroker.newHome("secured-pulsar-"));
    try {
      pulsar.start();
    } catch (RuntimeException e) {
      pulsar.close();
      throw e;
    }
    return pulsar;
  }

  private Map<String, String> settings(Path secrets) {
    TestPki.CertAndKey server = pki.serverCert();
    Map<String, String> settings = new LinkedHashMap<>();
    // TLS only: empty plain-text ports are not opened.
    settings.put("brokerServicePort", "");
    settings.put("webServicePort", "");
    settings.put("brokerServicePortTls", Integer.toString(brokerPortTls));
    settings.put("webServicePortTls", Integer.toString(webPortTls));
    settings.put("tlsCertificateFilePath", server.certFile().toString());
    settings.put("tlsKeyFilePath", server.keyFile().toString());
    settings.put("tlsTrustCertsFilePath", pki.caCertFile().toString());
    settings.put("tlsAllowInsecureConnection", "false");
    settings.put("tlsHostnameVerificationEnabled", "true");
    // Client certificates are asked for, not required: token and OAuth2 clients present none.
    settings.put("tlsRequireTrustedClientCertOnConnect", "false");

    settings.put("authenticationEnabled", "true");
    settings.put(
        "authenticationProviders",
        "org.apache.pulsar.broker.authentication.AuthenticationProviderToken,"
            + "org.apache.pulsar.broker.authentication.AuthenticationProviderTls");
    settings.put(
        "tokenPublicKey",
        tokens.writePublicKey(secrets.resolve("token-public.key")).toUri().toString());
    settings.put("tokenAudienceClaim", "aud");
    settings.put("tokenAudience", AUDIENCE);
    settings.put("authorizationEnabled", "true");
    settings.put("superUserRoles", SUPER_USER);

    // The broker's own client (the standalone's setup of public/default, lookups) is a super-user.
    settings.put(
        "brokerClientAuthenticationPlugin",
        "org.apache.pulsar.client.impl.auth.AuthenticationToken");
    settings.put("brokerClientAuthenticationParameters", "token:" + tokens.token(SUPER_USER));
    settings.put("brokerClientTlsEnabled", "true");
    settings.put("brokerClientTrustCertsFilePath", pki.caCertFile().toString());
    return settings;
  }

  /** {@code pulsar+ssl://127.0.0.1:<port>}. */
  public String serviceUrlTls() {
    return "pulsar+ssl://" + Loopback.ADDRESS + ":" + brokerPortTls;
  }

  /** {@code https://127.0.0.1:<port>}. */
  public String adminUrlTls() {
    return "https://" + Loopback.ADDRESS + ":" + webPortTls;
  }

  /** The CA the broker's certificate is signed by, and client certificates too. */
  public Path caCertFile() {
    return pki.caCertFile();
  }

  /** A CA that signed nothing the broker uses: clients trusting only it must fail. */
  public Path untrustedCaCertFile() {
    return pki.untrustedCaCertFile();
  }

  /** The test CA, for more certificates (other roles, other addresses, the unrelated CA's). */
  public TestPki pki() {
    return pki;
  }

  /** A token for {@code role} that does not expire. */
  public String token(String role) {
    return tokens.token(role);
  }

  /** A token for {@code role}, valid but for its expiry an hour ago. */
  public String expiredToken(String role) {
    return tokens.expiredToken(role);
  }

  /** The signer of every token the broker accepts (static and OAuth2). */
  public TestTokens tokens() {
    return tokens;
  }

  /** A client certificate and key (PEM) with {@code CN=role}, signed by the test CA. */
  public TestPki.CertAndKey clientCert(String role) {
    return pki.clientCert(role);
  }

  /** The OAuth2 issuer (plain HTTP on 127.0.0.1, as Pulsar's OAuth2 client uses no custom CA). */
  public URL oauth2IssuerUrl() {
    return oauth2.issuerUrl();
  }

  /** The audience OAuth2 clients must ask for: {@link #AUDIENCE}. */
  public String oauth2Audience() {
    return AUDIENCE;
  }

  /** Registers {@code clientId} (the role) with the OAuth2 server and writes its key file. */
  public Path oauth2KeyFile(String clientId) {
    return oauth2.keyFile(clientId);
  }

  /** The OAuth2 server, e.g. to register clients or write key files with wrong secrets. */
  public TestOAuth2Server oauth2() {
    return oauth2;
  }

  /**
   * An admin builder for {@link #adminUrlTls()} trusting the test CA, with hostname verification;
   * no authentication yet.
   */
  public PulsarAdminBuilder adminBuilder() {
    return PulsarAdmin.builder()
        .serviceHttpUrl(adminUrlTls())
        .tlsTrustCertsFilePath(caCertFile().toString())
        .allowTlsInsecureConnection(false)
        .enableTlsHostnameVerification(true);
  }

  /**
   * A client builder for {@link #serviceUrlTls()} trusting the test CA, with hostname verification;
   * no authentication yet.
   */
  public ClientBuilder clientBuilder() {
    return PulsarClient.builder()
        .serviceUrl(serviceUrlTls())
        .tlsTrustCertsFilePath(caCertFile().toString())
        .allowTlsInsecureConnection(false)
        .enableTlsHostnameVerification(true);
  }

  /** A super-user ({@link #SUPER_USER}) admin client over HTTPS, made once and closed with it. */
  public PulsarAdmin admin() {
    return broker.admin();
  }

  public boolean isRunning() {
    return broker.isRunning();
  }

  /** Starts the broker again on the same ports, data and credentials after {@link #stop()}. */
  public void start() {
    broker.start();
  }

  /** Stops the broker and its bookie (the OAuth2 server keeps running). */
  public void stop() {
    broker.stop();
  }

  @Override
  public void close() {
    oauth2.close();
    broker.close();
  }
}
