package io.letspulsar.workload.config;

import io.letspulsar.contract.ConfigKeys;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach Pulsar and where to serve health and metrics.
 *
 * @param token a token from the environment; at most one of {@code token} and {@code tokenFile}
 * @param tokenFile a mounted Secret file holding the token, re-read on every connection
 */
public record ClientConfig(
    String serviceUrl,
    Optional<String> token,
    Optional<Path> tokenFile,
    Optional<Path> trustCertsFile,
    String healthAddress,
    int healthPort) {

  @Override
  public String toString() {
    // Never print the token itself.
    return "ClientConfig[serviceUrl=%s, token=%s, tokenFile=%s, trustCertsFile=%s, health=%s:%d]"
        .formatted(
            serviceUrl,
            token.isPresent() ? "<from " + ConfigKeys.TOKEN_ENV + ">" : "none",
            tokenFile.map(Path::toString).orElse("none"),
            trustCertsFile.map(Path::toString).orElse("none"),
            healthAddress,
            healthPort);
  }
}
