package io.letspulsar.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class OperatorClientTest {
  static KubernetesClient client;

  @Test
  void readsObjectsWithoutTheirManagedFieldsAndEverythingElseAsItIs() {
    FieldsV1 fields = new FieldsV1();
    fields.setAdditionalProperty("f:data", Map.of("f:producer.properties", Map.of()));
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("purchases-producer")
                .withNamespace("shop")
                .withLabels(Map.of("app", "purchases"))
                .withManagedFields(
                    new ManagedFieldsEntryBuilder()
                        .withManager("purchasestream-operator")
                        .withOperation("Update")
                        .withFieldsType("FieldsV1")
                        .withFieldsV1(fields)
                        .build())
                .endMetadata()
                .withData(Map.of("producer.properties", "producer.interval=5s"))
                .build())
        .create();

    try (KubernetesClient operator = OperatorClient.from(client, Optional.empty())) {
      ConfigMap read =
          operator.configMaps().inNamespace("shop").withName("purchases-producer").get();
      ConfigMap listed = operator.configMaps().inNamespace("shop").list().getItems().get(0);

      for (ConfigMap map : new ConfigMap[] {read, listed}) {
        assertThat(map.getMetadata().getManagedFields()).isEmpty();
        assertThat(map.getMetadata().getAdditionalProperties()).isEmpty();
        assertThat(map.getMetadata().getLabels()).containsEntry("app", "purchases");
        assertThat(map.getData()).containsEntry("producer.properties", "producer.interval=5s");
      }
    }
    assertThat(
            client
                .configMaps()
                .inNamespace("shop")
                .withName("purchases-producer")
                .get()
                .getMetadata()
                .getManagedFields())
        .as("the plain client, to show the server has them")
        .hasSize(1);
  }

  @Test
  void objectsReadForManyStreamsShareWhatRepeatsAndStayEditable() {
    for (String name : new String[] {"a-producer", "b-producer"}) {
      client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace("teams")
                  .withFinalizers("example.com/keep")
                  .withLabels(Map.of("app.kubernetes.io/managed-by", "purchasestream-operator"))
                  .endMetadata()
                  .withData(Map.of("producer.properties", "producer.interval=5s"))
                  .build())
          .create();
    }
    GenericKubernetesResource withAFieldTheModelLacks =
        client
            .genericKubernetesResources("v1", "ConfigMap")
            .inNamespace("teams")
            .withName("a-producer")
            .get();
    withAFieldTheModelLacks.setAdditionalProperty("future", "kept");
    client.resource(withAFieldTheModelLacks).update();

    try (KubernetesClient operator = OperatorClient.from(client, Optional.empty())) {
      ConfigMap a = operator.configMaps().inNamespace("teams").withName("a-producer").get();
      ConfigMap b = operator.configMaps().inNamespace("teams").withName("b-producer").get();

      assertThat(a.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))
          .isSameAs(b.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
      assertThat(a.getData().get("producer.properties"))
          .isSameAs(b.getData().get("producer.properties"));
      assertThat(a.getMetadata().getAdditionalProperties())
          .isSameAs(b.getMetadata().getAdditionalProperties())
          .hasSize(0);
      assertThat(a.getAdditionalProperties()).containsEntry("future", "kept");

      b.getMetadata().getFinalizers().add("example.com/also");
      ConfigMap edited =
          new ConfigMapBuilder(b)
              .editMetadata()
              .addToAnnotations("edited", "yes")
              .endMetadata()
              .addToData("consumer.properties", "consumer.threads=2")
              .build();
      edited.getMetadata().setAdditionalProperty("note", "builders copy the shared map");
      operator.resource(edited).update();
      operator.resource(new ConfigMapBuilder(a).addToData("more", "1").build()).update();
    }
    ConfigMap storedA = client.configMaps().inNamespace("teams").withName("a-producer").get();
    ConfigMap storedB = client.configMaps().inNamespace("teams").withName("b-producer").get();
    assertThat(storedA.getAdditionalProperties())
        .as("an unknown field survives a write by the operator")
        .containsEntry("future", "kept");
    assertThat(storedB.getData()).containsKeys("producer.properties", "consumer.properties");
    assertThat(storedB.getMetadata().getAnnotations()).containsEntry("edited", "yes");
    assertThat(storedB.getMetadata().getFinalizers())
        .containsExactly("example.com/keep", "example.com/also");
  }
}
