package io.letspulsar.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdTest {
  private static final String FILE = "purchasestreams.streams.letspulsar.io-v1.yml";

  /** Written by the build (generate.GeneratedFiles) into the jar, crds/ and the chart. */
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8", FILE);

  @Test
  void everyFieldUsersSetOrReadIsDescribed() throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(GENERATED), CustomResourceDefinition.class);
    JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    assertDescribed("", root.getProperties());
  }

  @Test
  void theCrdHasTheNamesStatusAndScaleUsersRelyOn() throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(GENERATED), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("pstream");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("pulsar");
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getSubresources().getScale().getSpecReplicasPath())
        .isEqualTo(".spec.replicas");
    assertThat(version.getSubresources().getScale().getLabelSelectorPath())
        .isEqualTo(".status.selector");
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(column -> column.getName())
        .as("kubectl get shows them in this order, AGE last as for Kubernetes' own kinds")
        .containsExactly("STATUS", "READY", "TOPIC", "SUBSCRIPTION", "RATE-IN", "BACKLOG", "AGE");
  }

  /** Fields of Kubernetes' own types (resources, conditions) carry their own docs upstream. */
  private static void assertDescribed(String path, Map<String, JSONSchemaProps> properties) {
    if (properties == null) {
      return;
    }
    properties.forEach(
        (name, schema) -> {
          String field = path + "." + name;
          if (field.endsWith(".resources") || field.startsWith(".status.conditions")) {
            return;
          }
          if (!field.equals(".metadata")
              && !field.equals(".apiVersion")
              && !field.equals(".kind")) {
            assertThat(schema.getDescription()).as("description of %s", field).isNotBlank();
          }
          assertDescribed(field, schema.getProperties());
        });
  }
}
