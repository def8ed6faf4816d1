package io.letspulsar.operator.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.letspulsar.operator.Streams;
import io.letspulsar.operator.api.PulsarConnection;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.status.StreamRefusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true, https = false)
class ClusterRegistryTest {
  static KubernetesClient client;

  @TempDir Path scratch;

  private ClusterRegistry registry() {
    return new ClusterRegistry(Streams.CONFIG.pulsar(), scratch, client);
  }

  private static PulsarConnection connection(long generation) {
    PulsarConnection connection =
        Serialization.unmarshal(
            """
            apiVersion: streams.letspulsar.io/v1alpha1
            kind: PulsarConnection
            metadata: {name: shared, namespace: operators, uid: c-1}
            spec:
              adminUrl: https://pulsar.example:8443
              serviceUrl: pulsar+ssl://pulsar.example:6651
              authentication: {tokenSecretRef: {name: admin, key: token}}
              tls: {trustCertsSecretRef: {name: admin, key: ca.crt}}
              tenancy: [{namespaces: [shop], pulsarNamespaces: [retail/*]}]
            """,
            PulsarConnection.class);
    connection.getMetadata().setGeneration(generation);
    return connection;
  }

  private static void secret(String token) {
    client
        .secrets()
        .inNamespace("operators")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("admin")
                .endMetadata()
                .withData(
                    Map.of("token", base64(token), "ca.crt", base64("-----BEGIN CERTIFICATE-----")))
                .build())
        .createOr(existing -> existing.update());
  }

  /** As the API server stores Secret values (the mock keeps stringData as it is). */
  private static String base64(String value) {
    return java.util.Base64.getEncoder().encodeToString(value.getBytes());
  }

  @Test
  void aStreamNamingNoConnectionUsesTheOperatorsOwnPulsar() {
    assertThat(registry().forStream(Optional.empty(), Optional.empty()))
        .isEqualTo(Streams.CONFIG.pulsar());
  }

  @Test
  void aConnectionsCredentialsBecomeOwnerOnlyFiles() throws Exception {
    secret("t0k3n");

    PulsarCluster cluster = registry().forStream(Optional.of("shared"), Optional.of(connection(1)));

    assertThat(cluster.adminUrl()).isEqualTo("https://pulsar.example:8443");
    assertThat(cluster.allows("shop", Streams.securedModel().topic())).isTrue();
    Path token = ((PulsarCluster.Token) cluster.credentials()).file();
    assertThat(token).hasContent("t0k3n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token.getParent())))
        .isEqualTo("rwx------");
    assertThat(cluster.trustCerts()).hasValueSatisfying(ca -> assertThat(ca).exists());
  }

  @Test
  void changedCredentialsMakeANewIdentity() {
    ClusterRegistry registry = registry();
    secret("t0k3n");
    PulsarCluster before = registry.refresh(connection(1));
    secret("r0tated");

    PulsarCluster after = registry.refresh(connection(1));

    assertThat(after.identity()).isNotEqualTo(before.identity());
    assertThat(((PulsarCluster.Token) after.credentials()).file()).hasContent("r0tated");
  }

  @Test
  void aMissingConnectionOrSecretRefusesTheStreamSayingWhatToCreate() {
    client.secrets().inNamespace("operators").withName("admin").delete();

    assertThatThrownBy(() -> registry().forStream(Optional.of("shared"), Optional.empty()))
        .isInstanceOf(StreamRefusal.class)
        .hasMessageContaining("ConnectionNotFound")
        .hasMessageContaining("PulsarConnection shared does not exist");
    assertThatThrownBy(
            () -> registry().forStream(Optional.of("shared"), Optional.of(connection(1))))
        .isInstanceOf(StreamRefusal.class)
        .hasMessageContaining("ConnectionSecretNotFound")
        .hasMessageContaining("kubectl create secret generic admin -n operators");
  }

  @Test
  void aConnectionThatWentAwayLeavesNoFiles() {
    ClusterRegistry registry = registry();
    secret("t0k3n");
    PulsarCluster cluster = registry.refresh(connection(1));
    Path dir = ((PulsarCluster.Token) cluster.credentials()).file().getParent();

    assertThatThrownBy(() -> registry.forStream(Optional.of("shared"), Optional.empty()))
        .isInstanceOf(StreamRefusal.class);

    assertThat(dir).doesNotExist();
  }
}
