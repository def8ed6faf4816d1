package io.letspulsar.workload.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach Pulsar and where to serve health and metrics.
 *
 * @param auth how the workload authenticates; never a secret itself, only where it is mounted
 * @param trustCertsFile the CA certificate(s) to trust for {@code pulsar+ssl://}; without it, the
 *     JVM's trusted CAs
 * @param tlsHostnameVerification whether the broker's certificate must name the host connected to
 */
public record ClientConfig(
    String serviceUrl,
    ClientAuth auth,
    Optional<Path> trustCertsFile,
    boolean tlsHostnameVerification,
    String healthAddress,
    int healthPort) {

  /** Whether the service URL is {@code pulsar+ssl://}. */
  public boolean tls() {
    return serviceUrl.startsWith(ConfigLoader.TLS_SCHEME);
  }

  @Override
  public String toString() {
    // Paths only: the secrets stay in their files.
    return ("ClientConfig[serviceUrl=%s, auth=%s, trustCertsFile=%s, tlsHostnameVerification=%s,"
            + " health=%s:%d]")
        .formatted(
            serviceUrl,
            auth.describe(),
            trustCertsFile.map(Path::toString).orElse(tls() ? "the JVM's CAs" : "none"),
            tlsHostnameVerification,
            healthAddress,
            healthPort);
  }
}
