package io.letspulsar.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.operator.Streams;
import io.letspulsar.operator.api.ConsumerSpec;
import io.letspulsar.operator.api.ProducerSpec;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class WorkloadDeploymentTest {

  @Test
  void theDemoGetsTheWholeExpectedDeployment() throws IOException {
    Deployment expected;
    try (InputStream yaml = getClass().getResourceAsStream("/model/demo-deployment.yaml")) {
      expected = Serialization.unmarshal(yaml, Deployment.class);
    }
    Deployment actual = WorkloadDeployment.desired(Streams.model(Streams.demo()));
    assertThat(Serialization.asYaml(actual)).isEqualTo(Serialization.asYaml(expected));
  }

  @Test
  void secretsAreMountedAsFilesAndNeverPutInTheEnvironmentOrConfigMaps() {
    Deployment deployment = WorkloadDeployment.desired(Streams.securedModel());
    var pod = deployment.getSpec().getTemplate().getSpec();

    assertThat(pod.getVolumes())
        .filteredOn(volume -> volume.getSecret() != null)
        .extracting(
            volume -> volume.getSecret().getSecretName(),
            volume -> volume.getSecret().getItems().get(0).getKey(),
            volume -> volume.getSecret().getItems().get(0).getPath())
        .containsExactlyInAnyOrder(
            tuple("pulsar-token", "token", ConfigKeys.TOKEN_FILE_NAME),
            tuple("pulsar-ca", "ca.crt", ConfigKeys.TLS_FILE_NAME));
    for (Container container : pod.getContainers()) {
      assertThat(container.getEnv()).isEmpty();
      assertThat(container.getVolumeMounts())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(ConfigKeys.TOKEN_DIR))
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(ConfigKeys.TLS_DIR))
          .filteredOn(m -> !m.getMountPath().equals("/tmp"))
          .allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
      assertThat(container.getImage()).isEqualTo("registry.example/workload:2");
    }
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void podsRollOneByOneUnlessAnExclusiveSubscriptionAllowsOnlyOneConsumer() {
    assertThat(
            WorkloadDeployment.desired(Streams.model(Streams.demo()))
                .getSpec()
                .getStrategy()
                .getType())
        .isEqualTo("Recreate");
    assertThat(WorkloadDeployment.desired(Streams.securedModel()).getSpec().getStrategy().getType())
        .isEqualTo("RollingUpdate");
  }

  @Test
  void aDisabledContainerIsLeftOutWithItsConfigVolume() {
    var stream = Streams.demo();
    stream.getSpec().producer = new ProducerSpec();
    stream.getSpec().producer.enabled = false;
    var pod = WorkloadDeployment.desired(Streams.model(stream)).getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("consumer");
    assertThat(pod.getVolumes()).noneMatch(v -> v.getName().equals("producer-config"));

    stream.getSpec().consumer = new ConsumerSpec();
    stream.getSpec().consumer.enabled = false;
    assertThat(
            WorkloadDeployment.desired(Streams.model(stream))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers())
        .isEmpty();
  }

  @Test
  void changingTheIntervalChangesThePodTemplateSoThePodsRoll() {
    var before = WorkloadDeployment.desired(Streams.model(Streams.demo()));
    var stream = Streams.demo();
    stream.getSpec().producer = new ProducerSpec();
    stream.getSpec().producer.interval = "1s";
    var after = WorkloadDeployment.desired(Streams.model(stream));

    assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey(Names.CONFIG_HASH_ANNOTATION)
        .isNotEqualTo(before.getSpec().getTemplate().getMetadata().getAnnotations());
    assertThat(after.getSpec().getSelector()).isEqualTo(before.getSpec().getSelector());
  }
}
