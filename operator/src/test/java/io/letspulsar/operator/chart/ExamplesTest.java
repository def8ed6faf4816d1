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
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.model.WorkloadConfigMaps;
import io.letspulsar.workload.config.ConfigLoader;
import io.letspulsar.workload.config.ConsumerConfig;
import io.letspulsar.workload.config.ProducerConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example a user applies passes the CRD's schema (checked offline as JSON schema; CEL rules
 * need a real API server) and renders ConfigMaps the workload accepts.
 */
class ExamplesTest {
  private static final Schema SCHEMA = crdSchema();

  private static Schema crdSchema() {
    try {
      CustomResourceDefinition crd =
          Serialization.unmarshal(
              Files.readString(Path.of("../crds/purchasestreams.streams.letspulsar.io-v1.yml")),
              CustomResourceDefinition.class);
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
      throw new IllegalStateException(e);
    }
  }

  static Stream<Path> purchaseStreamExamples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../examples"))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("purchasestream"))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static List<JsonNode> purchaseStreams(Path file) throws IOException {
    return Arrays.stream(Files.readString(file).split("(?m)^---\\s*$"))
        .map(doc -> Serialization.unmarshal(doc, JsonNode.class))
        .filter(node -> node != null && "PurchaseStream".equals(node.path("kind").asText()))
        .toList();
  }

  @ParameterizedTest
  @MethodSource("purchaseStreamExamples")
  void theExamplePassesTheCrdSchema(Path file) throws IOException {
    List<JsonNode> streams = purchaseStreams(file);

    assertThat(streams).isNotEmpty();
    for (JsonNode stream : streams) {
      assertThat(SCHEMA.validate(stream)).as("schema errors in %s", file).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("purchaseStreamExamples")
  void whatTheExampleSaysReachesTheWorkloadThroughItsConfigMaps(Path file) throws IOException {
    for (JsonNode node : purchaseStreams(file)) {
      PurchaseStream stream = Serialization.unmarshal(node.toString(), PurchaseStream.class);
      stream.getMetadata().setNamespace("demo");
      StreamModel model = Streams.model(stream);
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
      assertThat(producer.client().serviceUrl())
          .isEqualTo(spec.path("pulsar").path("serviceUrl").asText(Streams.CONFIG.serviceUrl()));
      assertThat(producer.interval())
          .isEqualTo(
              Durations.parse(spec.path("producer").path("interval").asText("5s")).orElseThrow());
      assertThat(consumer.subscriptionType().name())
          .isEqualTo(spec.path("consumer").path("subscriptionType").asText("Exclusive"));
      assertThat(WorkloadConfigMaps.of(model, Names.CONSUMER).getData().toString())
          .contains(spec.path("pulsar").has("authentication") ? ConfigKeys.TOKEN_FILE : "");
    }
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

    assertThat(SCHEMA.validate(bad))
        .extracting(Error::toString)
        .anyMatch(e -> e.contains("partitions"))
        .anyMatch(e -> e.contains("deletionPolicy"))
        .anyMatch(e -> e.contains("interval"))
        .anyMatch(e -> e.contains("subscriptionType"))
        .anyMatch(e -> e.contains("replicas"))
        .anyMatch(e -> e.contains("name"));
  }

  /** The mounted token and CA files exist only in the pod; everything else is checked. */
  private static Properties inPod(ConfigMap configMap) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(configMap.getData().values().iterator().next()));
    properties.remove(ConfigKeys.TOKEN_FILE);
    properties.remove(ConfigKeys.TLS_TRUST_CERTS_FILE);
    return properties;
  }
}
