package io.letspulsar.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.contract.Durations;
import io.letspulsar.operator.Streams;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.model.Tenancy;
import io.letspulsar.operator.model.WorkloadConfigMaps;
import io.letspulsar.workload.config.ClientAuth;
import io.letspulsar.workload.config.ConfigLoader;
import io.letspulsar.workload.config.ConsumerConfig;
import io.letspulsar.workload.config.ProducerConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example a user applies passes its CRD's schema (checked offline as JSON schema; CEL rules
 * need a real API server) and what a PurchaseStream says arrives in the workload's configuration.
 */
class ExamplesTest {
  private static final Map<String, Schema> SCHEMAS =
      Map.of(
          "PurchaseStream", crdSchema("purchasestreams.streams.letspulsar.io-v1.yml"),
          "PulsarConnection", crdSchema("pulsarconnections.streams.letspulsar.io-v1.yml"));

  /** The keys naming files mounted from Secrets: they exist only in the pod. */
  private static final Set<String> MOUNTED_FILES =
      Set.of(
          ConfigKeys.TOKEN_FILE,
          ConfigKeys.OAUTH2_CREDENTIALS_FILE,
          ConfigKeys.TLS_CERT_FILE,
          ConfigKeys.TLS_KEY_FILE,
          ConfigKeys.TLS_TRUST_CERTS_FILE);

  @TempDir Path pod;

  private static Schema crdSchema(String file) {
    try {
      CustomResourceDefinition crd =
          Serialization.unmarshal(
              Files.readString(Path.of("../crds", file)), CustomResourceDefinition.class);
      // Kubernetes' own keywords: CEL rules and int-or-string need a real API server.
      Dialect kubernetes =
          Dialect.builder(Dialects.getDraft4())
              .keyword(new NonValidationKeyword("x-kubernetes-validations"))
              .keyword(new NonValidationKeyword("x-kubernetes-int-or-string"))
              .build();
      return SchemaRegistry.withDefaultDialect(kubernetes)
          .getSchema(
              Serialization.asJson(
                  crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under examples/ with a PurchaseStream or a PulsarConnection in it. */
  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("../examples"))) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> !resources(f, SCHEMAS.keySet()).isEmpty())
          .sorted()
          .toList()
          .stream();
    }
  }

  private static List<JsonNode> resources(Path file, Set<String> kinds) {
    try {
      return Arrays.stream(Files.readString(file).split("(?m)^---\\s*$"))
          .map(doc -> Serialization.unmarshal(doc, JsonNode.class))
          .filter(node -> node != null && kinds.contains(node.path("kind").asText()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void theExamplePassesItsCrdsSchema(Path file) {
    for (JsonNode resource : resources(file, SCHEMAS.keySet())) {
      assertThat(SCHEMAS.get(resource.path("kind").asText()).validate(resource))
          .as("schema errors in %s", file)
          .isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void whatTheExampleSaysReachesTheWorkloadThroughItsConfigMaps(Path file) throws IOException {
    for (JsonNode node : resources(file, Set.of("PurchaseStream"))) {
      PurchaseStream stream = Serialization.unmarshal(node.toString(), PurchaseStream.class);
      stream.getMetadata().setNamespace("demo");
      StreamModel model = StreamModel.fromCrd(stream, Streams.CONFIG, cluster(file, node));
      ProducerConfig producer =
          new ConfigLoader(
                  file + " producer", inPod(WorkloadConfigMaps.of(model, Names.PRODUCER)), Map.of())
              .producer();
      ConsumerConfig consumer =
          new ConfigLoader(
                  file + " consumer", inPod(WorkloadConfigMaps.of(model, Names.CONSUMER)), Map.of())
              .consumer();

      JsonNode spec = node.path("spec");
      String topic =
          spec.path("topic").path("name").asText(node.path("metadata").path("name").asText());
      assertThat(producer.topic()).endsWith("/" + topic);
      assertThat(consumer.topic()).isEqualTo(producer.topic());
      assertThat(producer.client().serviceUrl()).isEqualTo(model.pulsar().cluster().serviceUrl());
      assertThat(producer.interval())
          .isEqualTo(
              Durations.parse(spec.path("producer").path("interval").asText("5s")).orElseThrow());
      assertThat(consumer.subscriptionType().name())
          .isEqualTo(spec.path("consumer").path("subscriptionType").asText("Exclusive"));
      JsonNode auth = spec.path("pulsar").path("authentication");
      assertThat(producer.client().auth())
          .isInstanceOf(
              auth.has("tokenSecretRef")
                  ? ClientAuth.TokenFile.class
                  : auth.has("oauth2")
                      ? ClientAuth.OAuth2.class
                      : auth.has("tlsSecretRef")
                          ? ClientAuth.TlsCertificate.class
                          : ClientAuth.None.class);
      assertThat(producer.client().trustCertsFile().isPresent())
          .isEqualTo(spec.path("pulsar").path("tls").has("trustCertsSecretRef"));
    }
  }

  /** The cluster of the PulsarConnection the stream names (in the same file), else the own. */
  private static PulsarCluster cluster(Path file, JsonNode stream) {
    String name = stream.path("spec").path("pulsar").path("connection").asText("");
    if (name.isEmpty()) {
      return Streams.CONFIG.pulsar();
    }
    JsonNode connection =
        resources(file, Set.of("PulsarConnection")).stream()
            .filter(node -> node.path("metadata").path("name").asText().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError(file + ": no PulsarConnection " + name));
    return new PulsarCluster(
        name,
        name,
        connection.path("spec").path("adminUrl").asText(),
        connection.path("spec").path("serviceUrl").asText(),
        new PulsarCluster.None(),
        Optional.empty(),
        true,
        Tenancy.OPEN);
  }

  @Test
  void theSchemaCheckFindsMistakes() {
    JsonNode bad =
        Serialization.unmarshal(
            """
            apiVersion: streams.letspulsar.io/v1alpha1
            kind: PurchaseStream
            metadata: {name: bad}
            spec:
              topic: {name: "no spaces", partitions: -1, deletionPolicy: Forget}
              producer: {interval: 5 seconds}
              consumer: {subscriptionType: RoundRobin}
              replicas: -2
            """,
            JsonNode.class);

    assertThat(SCHEMAS.get("PurchaseStream").validate(bad))
        .extracting(Error::toString)
        .anyMatch(e -> e.contains("partitions"))
        .anyMatch(e -> e.contains("deletionPolicy"))
        .anyMatch(e -> e.contains("interval"))
        .anyMatch(e -> e.contains("subscriptionType"))
        .anyMatch(e -> e.contains("replicas"))
        .anyMatch(e -> e.contains("name"));
  }

  /** The ConfigMap's properties as the pod sees them: each mounted file present. */
  private Properties inPod(ConfigMap configMap) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(configMap.getData().values().iterator().next()));
    for (String key : MOUNTED_FILES) {
      if (properties.containsKey(key)) {
        Path file = pod.resolve(key);
        Files.writeString(file, "mounted from a Secret");
        properties.setProperty(key, file.toString());
      }
    }
    return properties;
  }
}
