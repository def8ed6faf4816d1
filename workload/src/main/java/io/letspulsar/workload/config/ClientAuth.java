package io.letspulsar.workload.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the workload proves to Pulsar who it is: one way, never two. It holds only paths and names,
 * never a secret itself: every secret stays in a file mounted from a Kubernetes Secret, read by the
 * Pulsar client when it needs it.
 */
public sealed interface ClientAuth {
  /** No credentials, for a broker without authentication. */
  ClientAuth NONE = new None();

  /** What {@link ClientConfig#toString()} prints: the method and its paths. */
  String describe();

  /** No credentials. */
  record None() implements ClientAuth {
    @Override
    public String describe() {
      return "none";
    }
  }

  /** A token (JWT) in a mounted Secret file, read again for each connection (rotation-safe). */
  record TokenFile(Path file) implements ClientAuth {
    @Override
    public String describe() {
      return "token file " + file;
    }
  }

  /**
   * OAuth2 client credentials: the client asks {@code issuerUrl} for tokens with the client id and
   * secret of the key file ({@code type}, {@code client_id}, {@code client_secret}, {@code
   * issuer_url}), which it reads again for each new token.
   */
  record OAuth2(
      URI issuerUrl, Optional<String> audience, Optional<String> scope, Path credentialsFile)
      implements ClientAuth {
    @Override
    public String describe() {
      return "OAuth2 client credentials from "
          + credentialsFile
          + " at "
          + issuerUrl
          + audience.map(value -> ", audience " + value).orElse("")
          + scope.map(value -> ", scope " + value).orElse("");
    }
  }

  /** A TLS client certificate and its private key (PEM): the role is the certificate's CN. */
  record TlsCertificate(Path certFile, Path keyFile) implements ClientAuth {
    @Override
    public String describe() {
      return "TLS client certificate " + certFile + " with key " + keyFile;
    }
  }
}
