package io.letspulsar.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
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
}
