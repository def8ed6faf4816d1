package io.letspulsar.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PlainClientSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.apache.pulsar.client.impl.auth.oauth2.KeyFile;

/**
 * A real OAuth2 authorization server in this JVM (navikt's mock-oauth2-server), on {@link
 * Loopback#ADDRESS} and a free port, for Pulsar's client-credentials flow ({@code
 * AuthenticationFactoryOAuth2.clientCredentials}).
 *
 * <p>It answers the client-credentials grant of registered clients only (others, or a wrong secret,
 * get {@code invalid_client}, HTTP 401) with an RS256 JWT signed by the key pair it is given:
 * {@code sub} is the client id (the Pulsar role) and {@code aud} the {@code audience} parameter of
 * the request (absent when the client sends none). A broker whose token provider trusts that key
 * pair's public key accepts these tokens.
 */
public final class TestOAuth2Server implements AutoCloseable {
  private static final String ISSUER_ID = "pulsar";
  private static final long TOKEN_SECONDS = 3600;

  private final MockOAuth2Server server;
  private final MockWebServerWrapper http;
  private final Path keyFiles;
  private final Map<String, String> secrets;
  private final Map<String, Path> written = new ConcurrentHashMap<>();

  private TestOAuth2Server(
      MockOAuth2Server server,
      MockWebServerWrapper http,
      Path keyFiles,
      Map<String, String> secrets) {
    this.server = server;
    this.http = http;
    this.keyFiles = keyFiles;
    this.secrets = secrets;
  }

  /**
   * Starts the server.
   *
   * @param signingKeys the RSA key pair the tokens are signed with
   * @param keyFiles where {@link #keyFile(String)} writes the clients' credentials files
   */
  public static TestOAuth2Server start(KeyPair signingKeys, Path keyFiles) {
    RSAKey jwk =
        new RSAKey.Builder((RSAPublicKey) signingKeys.getPublic())
            .privateKey((RSAPrivateKey) signingKeys.getPrivate())
            .keyID(ISSUER_ID)
            .build();
    Map<String, String> secrets = new ConcurrentHashMap<>();
    MockWebServerWrapper http = new MockWebServerWrapper();
    OAuth2Config config =
        new OAuth2Config(
            false,
            null,
            null,
            false,
            new OAuth2TokenProvider(
                new KeyProvider(List.of(jwk), JWSAlgorithm.RS256.getName()), (Instant) null),
            Set.of(new ClientCredentialsCallback(secrets)),
            http);
    MockOAuth2Server server = new MockOAuth2Server(config);
    try {
      Files.createDirectories(keyFiles);
      server.start(InetAddress.getByName(Loopback.ADDRESS), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TestOAuth2Server(server, http, keyFiles, secrets);
  }

  /**
   * The issuer URL clients are given: Pulsar's client reads {@code
   * <issuer>/.well-known/openid-configuration} to find the token endpoint.
   */
  public URL issuerUrl() {
    try {
      return new URL("http://" + Loopback.ADDRESS + ":" + http.port() + "/" + ISSUER_ID);
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Registers a client (once) and returns its secret. */
  public String register(String clientId) {
    return secrets.computeIfAbsent(clientId, id -> UUID.randomUUID().toString());
  }

  /**
   * Registers the client and writes its credentials file, the JSON Pulsar's {@code
   * AuthenticationOAuth2} reads: {@code type} {@code client_credentials}, {@code client_id}, {@code
   * client_secret}, {@code issuer_url}.
   */
  public Path keyFile(String clientId) {
    return written.computeIfAbsent(
        clientId,
        id ->
            writeKeyFile(keyFiles.resolve(id + ".json"), id, register(id), issuerUrl().toString()));
  }

  /** Writes a client-credentials key file with the given contents (e.g. a wrong secret). */
  public static Path writeKeyFile(Path file, String clientId, String secret, String issuerUrl) {
    KeyFile key = new KeyFile();
    key.setType("client_credentials");
    key.setClientId(clientId);
    key.setClientSecret(secret);
    key.setIssuerUrl(issuerUrl);
    try {
      return Files.writeString(file, key.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }

  /**
   * Issues client-credentials tokens to registered clients only: {@code sub} the client id, {@code
   * aud} the request's {@code audience}.
   */
  private record ClientCredentialsCallback(Map<String, String> secrets)
      implements OAuth2TokenCallback {
    @Override
    public String issuerId() {
      return ISSUER_ID;
    }

    @Override
    public String subject(TokenRequest request) {
      ClientAuthentication client = request.getClientAuthentication();
      if (!(client instanceof PlainClientSecret withSecret)
          || !Objects.equals(
              secrets.get(client.getClientID().getValue()),
              withSecret.getClientSecret().getValue())) {
        String message = "unknown client or wrong secret";
        throw new OAuth2Exception(OAuth2Error.INVALID_CLIENT.setDescription(message), message);
      }
      return client.getClientID().getValue();
    }

    @Override
    public String typeHeader(TokenRequest request) {
      return JOSEObjectType.JWT.getType();
    }

    @Override
    public List<String> audience(TokenRequest request) {
      return Objects.requireNonNullElse(request.getCustomParameter("audience"), List.of());
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
      return Map.of();
    }

    @Override
    public long tokenExpiry() {
      return TOKEN_SECONDS;
    }
  }
}
