package io.letspulsar.operator.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A Pulsar cluster the operator may manage topics on, resolved: the operator-wide default from the
 * Helm values, or a PulsarConnection. Credentials are files — mounted into the operator's pod for
 * the default, written from the connection's Secrets into the operator's in-memory scratch
 * directory for a PulsarConnection — so one client setup serves both, and a token rotated in its
 * file is read again on the next request.
 *
 * @param name {@value #DEFAULT} or the PulsarConnection's name
 * @param identity changes whenever the cluster's settings or credentials do: a client made for one
 *     identity is not used for another
 * @param trustCerts the CA certificates to trust; empty: the JVM's
 */
public record PulsarCluster(
    String name,
    String identity,
    String adminUrl,
    String serviceUrl,
    Credentials credentials,
    Optional<Path> trustCerts,
    boolean verifyHostname,
    Tenancy tenancy) {

  /** The name of the operator-wide cluster of the Helm values. */
  public static final String DEFAULT = "default";

  /** The operator-wide cluster without authentication or TLS settings, open to every namespace. */
  public static PulsarCluster unsecured(String adminUrl, String serviceUrl) {
    return new PulsarCluster(
        DEFAULT, DEFAULT, adminUrl, serviceUrl, new None(), Optional.empty(), true, Tenancy.OPEN);
  }

  /** Whether a stream in this Kubernetes namespace may use the topic's Pulsar namespace. */
  public boolean allows(String namespace, TopicPlan topic) {
    return tenancy.allows(namespace, topic.tenant(), topic.namespace());
  }

  /** How the operator proves who it is. */
  public sealed interface Credentials {
    /** What {@code kubectl get pconn} shows: none, token, oauth2 or tls. */
    String method();
  }

  /** No authentication. */
  public record None() implements Credentials {
    @Override
    public String method() {
      return "none";
    }
  }

  /** A token (JWT) in a file, read again on every request. */
  public record Token(Path file) implements Credentials {
    @Override
    public String method() {
      return "token";
    }
  }

  /** OAuth2 client credentials: Pulsar's AuthenticationOAuth2 with a key file. */
  public record OAuth2(String issuerUrl, String audience, String scope, Path keyFile)
      implements Credentials {
    @Override
    public String method() {
      return "oauth2";
    }
  }

  /** A TLS client certificate (mTLS). */
  public record Tls(Path certFile, Path keyFile) implements Credentials {
    @Override
    public String method() {
      return "tls";
    }
  }
}
