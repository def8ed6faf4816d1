package io.letspulsar.operator.connection;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.letspulsar.operator.api.PulsarAuthentication;
import io.letspulsar.operator.api.PulsarConnection;
import io.letspulsar.operator.api.PulsarConnectionSpec;
import io.letspulsar.operator.api.PulsarTls;
import io.letspulsar.operator.api.SecretKeyRef;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.model.Tenancy;
import io.letspulsar.operator.status.Problem;
import io.letspulsar.operator.status.StatusAggregator;
import io.letspulsar.operator.status.StreamRefusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Pulsar clusters streams may use: the operator's own (from the Helm values, its credentials
 * mounted as files) and the PulsarConnections in the operator's namespace. A connection's Secrets
 * are read through the API and written as files (owner-only) into the operator's scratch directory,
 * which the chart keeps in memory; their contents go into the cluster's identity, so changed
 * credentials make a new admin client. Secrets are read when a connection is first used and again
 * on each {@link #refresh}, never per stream.
 */
public final class ClusterRegistry {
  private final PulsarCluster own;
  private final Path scratch;
  private final KubernetesClient client;
  private final Map<String, PulsarCluster> byName = new ConcurrentHashMap<>();

  /**
   * @param own the operator's own cluster
   * @param scratch where a connection's credentials are written, one directory per connection
   */
  public ClusterRegistry(PulsarCluster own, Path scratch, KubernetesClient client) {
    this.own = own;
    this.scratch = scratch;
    this.client = client;
  }

  public PulsarCluster own() {
    return own;
  }

  /**
   * The cluster a stream's {@code spec.pulsar.connection} names.
   *
   * @param name the connection's name; empty for the operator's own cluster
   * @param connection the PulsarConnection of that name, if it exists
   * @throws StreamRefusal the connection does not exist, or a Secret it needs does not
   */
  public PulsarCluster forStream(Optional<String> name, Optional<PulsarConnection> connection) {
    if (name.isEmpty()) {
      return own;
    }
    if (connection.isEmpty()) {
      forget(name.get());
      throw new StreamRefusal(
          StatusAggregator.TOPIC_READY,
          new Problem(
              "ConnectionNotFound",
              "PulsarConnection "
                  + name.get()
                  + " does not exist in the operator's namespace; create it or correct"
                  + " spec.pulsar.connection (kubectl get pconn -A lists them)"));
    }
    PulsarCluster known = byName.get(name.get());
    return known != null && known.identity().startsWith(generation(connection.get()))
        ? known
        : refresh(connection.get());
  }

  /**
   * Reads the connection and its Secrets again; the identity changes when anything did.
   *
   * @throws StreamRefusal a Secret or key the connection names does not exist
   */
  public PulsarCluster refresh(PulsarConnection connection) {
    PulsarConnectionSpec spec = connection.getSpec();
    String name = connection.getMetadata().getName();
    String namespace = connection.getMetadata().getNamespace();
    Map<String, byte[]> files = new LinkedHashMap<>();
    PulsarCluster.Credentials credentials =
        credentials(name, namespace, spec.authentication, files);
    PulsarTls tls = Optional.ofNullable(spec.tls).orElseGet(PulsarTls::new);
    Optional<Path> trust =
        Optional.ofNullable(tls.trustCertsSecretRef)
            .map(ref -> file(name, "ca.crt", read(name, namespace, ref), files));
    PulsarCluster cluster =
        new PulsarCluster(
            name,
            generation(connection) + "-" + digest(spec.adminUrl + spec.serviceUrl, files),
            spec.adminUrl,
            spec.serviceUrl,
            credentials,
            trust,
            !Boolean.FALSE.equals(tls.verifyHostname),
            new Tenancy(
                spec.tenancy.stream()
                    .map(rule -> new Tenancy.Rule(rule.namespaces, rule.pulsarNamespaces))
                    .toList()));
    write(name, files);
    byName.put(name, cluster);
    return cluster;
  }

  /** Forgets a connection that went away and deletes its credentials' files. */
  public void forget(String name) {
    if (byName.remove(name) != null) {
      delete(dir(name));
    }
  }

  private PulsarCluster.Credentials credentials(
      String name, String namespace, PulsarAuthentication auth, Map<String, byte[]> files) {
    if (auth == null) {
      return new PulsarCluster.None();
    }
    if (auth.tokenSecretRef != null) {
      return new PulsarCluster.Token(
          file(name, "token", read(name, namespace, auth.tokenSecretRef), files));
    }
    if (auth.oauth2 != null) {
      return new PulsarCluster.OAuth2(
          auth.oauth2.issuerUrl,
          auth.oauth2.audience,
          auth.oauth2.scope,
          file(
              name,
              "credentials.json",
              read(name, namespace, auth.oauth2.credentialsSecretRef),
              files));
    }
    String secret = auth.tlsSecretRef.name;
    return new PulsarCluster.Tls(
        file(name, "tls.crt", read(name, namespace, secret, "tls.crt"), files),
        file(name, "tls.key", read(name, namespace, secret, "tls.key"), files));
  }

  private byte[] read(String connection, String namespace, SecretKeyRef ref) {
    return read(connection, namespace, ref.name, ref.key);
  }

  private byte[] read(String connection, String namespace, String name, String key) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    String value = secret == null || secret.getData() == null ? null : secret.getData().get(key);
    if (value == null) {
      throw new StreamRefusal(
          StatusAggregator.TOPIC_READY,
          new Problem(
              "ConnectionSecretNotFound",
              "PulsarConnection "
                  + connection
                  + " needs key "
                  + key
                  + " of Secret "
                  + name
                  + " in namespace "
                  + namespace
                  + ", which does not exist; create it (kubectl create secret generic "
                  + name
                  + " -n "
                  + namespace
                  + " --from-file="
                  + key
                  + "=...)"));
    }
    return Base64.getDecoder().decode(value);
  }

  private Path file(String connection, String file, byte[] content, Map<String, byte[]> files) {
    files.put(file, content);
    return dir(connection).resolve(file);
  }

  private Path dir(String connection) {
    return scratch.resolve(connection);
  }

  /** Owner-only files, replaced atomically so a client never reads half a token. */
  private void write(String connection, Map<String, byte[]> files) {
    try {
      Path dir = dir(connection);
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path partial = Files.createTempFile(dir, file.getKey(), ".partial");
        Files.write(partial, file.getValue());
        Files.move(
            partial,
            dir.resolve(file.getKey()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the credentials of connection " + connection, e);
    }
  }

  private static void delete(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // Nothing else uses them; the scratch directory goes with the pod.
    }
  }

  private static String generation(PulsarConnection connection) {
    return connection.getMetadata().getUid() + "/" + connection.getMetadata().getGeneration();
  }

  private static String digest(String settings, Map<String, byte[]> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(settings.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (byte[] content : files.values()) {
        digest.update(content);
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
