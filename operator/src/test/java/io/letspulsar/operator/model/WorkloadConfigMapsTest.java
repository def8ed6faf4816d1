package io.letspulsar.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.letspulsar.contract.Batching;
import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.operator.Streams;
import io.letspulsar.workload.config.ConfigException;
import io.letspulsar.workload.config.ConfigLoader;
import io.letspulsar.workload.config.ConsumerConfig;
import io.letspulsar.workload.config.ProducerConfig;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.junit.jupiter.api.Test;

/** The rendered ConfigMaps go through the workload's own loader: one contract, no drift. */
class WorkloadConfigMapsTest {

  @Test
  void theDemosProducerConfigMapIsAcceptedByTheWorkload() throws IOException {
    ConfigMap configMap = WorkloadConfigMaps.of(Streams.model(Streams.demo()), Names.PRODUCER);

    assertThat(configMap.getMetadata().getName()).isEqualTo("purchases-producer");
    assertThat(configMap.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(configMap.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "purchasestream")
        .containsEntry("app.kubernetes.io/instance", "purchases")
        .containsEntry("app.kubernetes.io/component", "producer")
        .containsEntry("app.kubernetes.io/managed-by", "purchasestream-operator");
    ProducerConfig config = load(configMap, "producer.properties").producer();
    assertThat(config.client().serviceUrl()).isEqualTo("pulsar://pulsar-broker.pulsar.svc:6650");
    assertThat(config.topic()).isEqualTo("persistent://public/default/purchases");
    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.users()).isEqualTo(ProducerConfig.DEMO_USERS);
    assertThat(config.batching()).isEqualTo(Batching.MIXED);
    assertThat(config.client().healthPort()).isEqualTo(ConfigKeys.PRODUCER_HEALTH_PORT);
  }

  @Test
  void theDemosConsumerConfigMapIsAcceptedByTheWorkload() throws IOException {
    ConsumerConfig config =
        load(
                WorkloadConfigMaps.of(Streams.model(Streams.demo()), Names.CONSUMER),
                "consumer.properties")
            .consumer();

    assertThat(config.topic()).isEqualTo("persistent://public/default/purchases");
    assertThat(config.subscription()).isEqualTo("purchases-sub");
    assertThat(config.subscriptionType()).isEqualTo(SubscriptionType.Exclusive);
    assertThat(config.initialPosition()).isEqualTo(SubscriptionInitialPosition.Earliest);
    assertThat(config.client().healthPort()).isEqualTo(ConfigKeys.CONSUMER_HEALTH_PORT);
  }

  @Test
  void everySpecFieldReachesTheWorkload() throws IOException {
    ProducerConfig producer =
        loadIgnoringMounts(
                WorkloadConfigMaps.of(Streams.securedModel(), Names.PRODUCER),
                "producer.properties")
            .producer();
    assertThat(producer.topic()).isEqualTo("persistent://retail/eu/orders");
    assertThat(producer.interval()).isZero();
    assertThat(producer.users()).containsExactly("ann", "bob");
    assertThat(producer.items()).containsExactly("pen");
    assertThat(producer.batching()).isEqualTo(Batching.KEY_BASED);
    assertThat(producer.client().serviceUrl()).isEqualTo("pulsar+ssl://pulsar.example:6651");

    ConsumerConfig consumer =
        loadIgnoringMounts(
                WorkloadConfigMaps.of(Streams.securedModel(), Names.CONSUMER),
                "consumer.properties")
            .consumer();
    assertThat(consumer.subscription()).isEqualTo("audit");
    assertThat(consumer.subscriptionType()).isEqualTo(SubscriptionType.Key_Shared);
    assertThat(consumer.initialPosition()).isEqualTo(SubscriptionInitialPosition.Latest);
  }

  @Test
  void theTokenStaysInItsSecretTheConfigMapOnlyNamesTheMountedFile() {
    ConfigMap configMap = WorkloadConfigMaps.of(Streams.securedModel(), Names.PRODUCER);
    String properties = configMap.getData().get("producer.properties");

    assertThat(properties)
        .contains("client.auth.token.file=/var/run/secrets/purchasestream/token/token")
        .contains("client.tls.trust.certs.file=/var/run/secrets/purchasestream/tls/ca.crt")
        .doesNotContainIgnoringCase("client.auth.token=");
    // Outside a pod the mounts are missing, and that is all the workload objects to.
    assertThatThrownBy(() -> load(configMap, "producer.properties").producer())
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .allMatch(p -> p.contains("cannot read /var/run/secrets/purchasestream/")));
  }

  @Test
  void theRenderingIsStableAndTheHashFollowsTheContent() {
    assertThat(WorkloadConfigMaps.of(Streams.model(Streams.demo()), Names.PRODUCER))
        .isEqualTo(WorkloadConfigMaps.of(Streams.model(Streams.demo()), Names.PRODUCER));
    String before = WorkloadConfigMaps.hash(Streams.model(Streams.demo()));
    assertThat(WorkloadConfigMaps.hash(Streams.model(Streams.demo()))).isEqualTo(before);

    var slower = Streams.demo();
    slower.getSpec().producer = new io.letspulsar.operator.api.ProducerSpec();
    slower.getSpec().producer.interval = "10s";
    assertThat(WorkloadConfigMaps.hash(Streams.model(slower))).isNotEqualTo(before);
  }

  private static ConfigLoader load(ConfigMap configMap, String file) throws IOException {
    return new ConfigLoader(
        file, properties(configMap, file), Map.of("HOSTNAME", "purchases-7d9f-abcde"));
  }

  /** Leaves out the mounted-file keys, which only exist inside the pod. */
  private static ConfigLoader loadIgnoringMounts(ConfigMap configMap, String file)
      throws IOException {
    Properties properties = properties(configMap, file);
    properties.remove("client.auth.token.file");
    properties.remove("client.tls.trust.certs.file");
    return new ConfigLoader(file, properties, Map.of());
  }

  private static Properties properties(ConfigMap configMap, String file) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(configMap.getData().get(file)));
    return properties;
  }
}
