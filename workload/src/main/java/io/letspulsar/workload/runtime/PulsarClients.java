package io.letspulsar.workload.runtime;

import io.letspulsar.workload.config.ClientAuth;
import io.letspulsar.workload.config.ClientConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Authentication;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.ClientBuilder;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.impl.auth.oauth2.AuthenticationFactoryOAuth2;

/** Builds the Pulsar client both subcommands use. */
public final class PulsarClients {
  /**
   * How long creating the producer or subscribing (and each lookup) may take before the workload
   * stops with the error and Kubernetes restarts it. Pulsar's default is 30 s. A broker the client
   * cannot verify (an untrusted CA, a certificate not naming the host) is retried until then: the
   * log warns of each failed handshake at once, but the process fails, unready all along, only
   * after this timeout, with "Connection already closed". Reconnecting after a broker restart
   * retries without such a limit.
   */
  public static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(10);

  /** How long one TCP connection attempt may take; attempts are retried within the above. */
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The longest wait between two attempts to reconnect: purchases flow again at most this long
   * after the broker is back (Pulsar's default doubles the wait up to a minute).
   */
  public static final Duration MAX_RECONNECT_BACKOFF = Duration.ofSeconds(5);

  private PulsarClients() {}

  public static PulsarClient create(ClientConfig config) throws PulsarClientException {
    ClientBuilder builder =
        PulsarClient.builder()
            .serviceUrl(config.serviceUrl())
            .operationTimeout((int) OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .connectionTimeout((int) CONNECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .maxBackoffInterval(MAX_RECONNECT_BACKOFF.toMillis(), TimeUnit.MILLISECONDS)
            // For pulsar+ssl://: the broker's certificate must chain to a trusted CA (the file, or
            // the JVM's CAs without one) and, unless turned off, name the host connected to.
            .allowTlsInsecureConnection(false)
            .enableTlsHostnameVerification(config.tlsHostnameVerification());
    config.trustCertsFile().ifPresent(file -> builder.tlsTrustCertsFilePath(file.toString()));
    authentication(config.auth()).ifPresent(builder::authentication);
    return builder.build();
  }

  /** Pulsar's authentication for {@code auth}; every secret is read from its file when needed. */
  static Optional<Authentication> authentication(ClientAuth auth) throws PulsarClientException {
    if (auth instanceof ClientAuth.TokenFile token) {
      // Re-read on each connection, so a rotated Secret is picked up without a restart.
      return Optional.of(AuthenticationFactory.token(() -> read(token.file())));
    }
    if (auth instanceof ClientAuth.OAuth2 oauth2) {
      // The key file is read again for each new token.
      try {
        return Optional.of(
            AuthenticationFactoryOAuth2.clientCredentials(
                oauth2.issuerUrl().toURL(),
                oauth2.credentialsFile().toUri().toURL(),
                oauth2.audience().orElse(null),
                oauth2.scope().orElse(null)));
      } catch (MalformedURLException e) {
        throw new PulsarClientException.InvalidConfigurationException(e);
      }
    }
    if (auth instanceof ClientAuth.TlsCertificate certificate) {
      // Pulsar reloads both files when they change.
      return Optional.of(
          AuthenticationFactory.TLS(
              certificate.certFile().toString(), certificate.keyFile().toString()));
    }
    return Optional.empty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Pulsar token from " + file, e);
    }
  }
}
