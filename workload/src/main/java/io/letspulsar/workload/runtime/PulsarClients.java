package io.letspulsar.workload.runtime;

import io.letspulsar.workload.config.ClientConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.ClientBuilder;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;

/** Builds the Pulsar client both subcommands use. */
public final class PulsarClients {
  private PulsarClients() {}

  public static PulsarClient create(ClientConfig config) throws PulsarClientException {
    ClientBuilder builder = PulsarClient.builder().serviceUrl(config.serviceUrl());
    config.token().ifPresent(token -> builder.authentication(AuthenticationFactory.token(token)));
    // Re-read on each connection, so a rotated Secret is picked up without a restart.
    config
        .tokenFile()
        .ifPresent(file -> builder.authentication(AuthenticationFactory.token(() -> read(file))));
    config.trustCertsFile().ifPresent(file -> builder.tlsTrustCertsFilePath(file.toString()));
    return builder.build();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Pulsar token from " + file, e);
    }
  }
}
