package io.letspulsar.operator.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdReferenceTest {
  private static final String FILE = "purchasestreams.streams.letspulsar.io-v1.yml";
  private static final CustomResourceDefinition CRD = crd();

  private static CustomResourceDefinition crd() {
    try {
      return new KubernetesSerialization()
          .unmarshal(
              Files.readString(Path.of("target/classes/META-INF/fabric8", FILE)),
              CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyFieldOfTheSpecAndStatusHasARow() {
    String reference = CrdReference.render(CRD, FILE);
    JSONSchemaProps root = CRD.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();

    assertRows(reference, "spec", root.getProperties().get("spec").getProperties());
    assertRows(reference, "status", root.getProperties().get("status").getProperties());
  }

  @Test
  void aRowSaysTypeDefaultAllowedValuesAndDescription() {
    assertThat(CrdReference.render(CRD, FILE))
        .contains(
            "| `spec.consumer.subscriptionType` | string | `Exclusive` | `Exclusive`, `Failover`,"
                + " `Key_Shared`, `Shared`; consumer.subscriptionType changes only while no"
                + " consumer runs")
        .contains(
            "| `spec.topic.partitions` | integer | `0` | ≥ 0; ≤ 256; topic.partitions can grow,"
                + " never shrink (left out, it is 0)")
        .contains(
            "| `spec.producer.users` | []string |  | items ≥ 1; items ≤ 1000; each: pattern `")
        .contains("| `spec.producer.resources` | object (Kubernetes type) |")
        .doesNotContain("spec.producer.resources.limits");
  }

  @Test
  void objectRulesAreListedAndTheColumnsComeInKubectlsOrder() {
    String reference = CrdReference.render(CRD, FILE);

    assertThat(reference)
        .contains("- `spec`: replicas > 1 needs consumer.subscriptionType")
        .contains("- `PurchaseStream`: metadata.name must be at most 63 characters")
        .containsSubsequence("| STATUS |", "| READY |", "| BACKLOG |", "| AGE |");
  }

  private static void assertRows(
      String reference, String path, Map<String, JSONSchemaProps> properties) {
    properties.forEach(
        (name, schema) -> {
          String field = path + "." + name;
          assertThat(reference).contains("| `" + field + "` |");
          if (schema.getDescription() != null && !field.endsWith(".resources")) {
            assertRows(reference, field, schema.getProperties());
          }
        });
  }
}
