package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerEnvTest {
  private static final Pod POD =
      new PodBuilder()
          .withNewMetadata()
          .withName("web-1")
          .withNamespace("shop")
          .withUid("uid-1")
          .endMetadata()
          .withNewSpec()
          .withNodeName("node-a")
          .endSpec()
          .build();
  private static final PodSources NONE = new PodSources(name -> null, name -> null);
  private static final EnvVar LEVEL =
      new EnvVarBuilder()
          .withName("LEVEL")
          .withNewValueFrom()
          .withNewConfigMapKeyRef("level", "settings", false)
          .endValueFrom()
          .build();
  private static final EnvVar PASSWORD =
      new EnvVarBuilder()
          .withName("PASSWORD")
          .withNewValueFrom()
          .withNewSecretKeyRef("password", "credentials", false)
          .endValueFrom()
          .build();

  @Test
  void setsTheImagesVariablesThenHostnameThenTheContainers() {
    Container container =
        container(
            new EnvVarBuilder().withName("OPTS").withValue("-Xmx64m").build(),
            new EnvVarBuilder().withName("EMPTY").build());

    Map<String, String> env =
        ContainerEnv.resolve(
            List.of("PATH=/usr/bin", "OPTS=-Xmx1g", "HOSTNAME=image"), POD, container, NONE);

    assertThat(env)
        .containsExactly(
            entry("PATH", "/usr/bin"),
            entry("OPTS", "-Xmx64m"),
            entry("HOSTNAME", "web-1"),
            entry("EMPTY", ""));
  }

  @Test
  void resolvesFieldRefsAsThisNodeHasThem() {
    Container container =
        container(
            field("NAME", "metadata.name"),
            field("NAMESPACE", "metadata.namespace"),
            field("UID", "metadata.uid"),
            field("NODE", "spec.nodeName"),
            field("POD_IP", "status.podIP"),
            field("HOST_IP", "status.hostIP"));

    assertThat(ContainerEnv.resolve(List.of(), POD, container, NONE))
        .contains(
            entry("NAME", "web-1"),
            entry("NAMESPACE", "shop"),
            entry("UID", "uid-1"),
            entry("NODE", "node-a"),
            entry("POD_IP", "127.0.0.1"),
            entry("HOST_IP", "127.0.0.1"));
  }

  @Test
  void refusesAFieldRefItCannotSupply() {
    Container container = container(field("APP", "metadata.labels['app']"));

    assertThatThrownBy(() -> ContainerEnv.resolve(List.of(), POD, container, NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("APP")
        .hasMessageContaining("metadata.labels['app']");
  }

  @Test
  void namesTheFieldRefItCannotSupplyAndOnlyThatOne() {
    assertThat(ContainerEnv.unsupported(field("APP", "metadata.labels['app']")))
        .isEqualTo(
            "env APP: fieldRef metadata.labels['app'] is not supported by this local kubelet");
    assertThat(ContainerEnv.unsupported(field("NAME", "metadata.name"))).isNull();
    assertThat(ContainerEnv.unsupported(LEVEL)).isNull();
    assertThat(ContainerEnv.unsupported(new EnvVarBuilder().withName("A").withValue("b").build()))
        .isNull();
  }

  @Test
  void aConfigMapOrSecretWithoutDataHasNoKeys() {
    PodSources empty =
        new PodSources(name -> new ConfigMapBuilder().build(), name -> new SecretBuilder().build());

    assertThatThrownBy(() -> ContainerEnv.resolve(List.of(), POD, container(LEVEL), empty))
        .isInstanceOf(PodSources.Missing.class)
        .hasMessage("configmap \"settings\" not found");
    assertThatThrownBy(() -> ContainerEnv.resolve(List.of(), POD, container(PASSWORD), empty))
        .isInstanceOf(PodSources.Missing.class)
        .hasMessage("secret \"credentials\" not found");
  }

  @Test
  void readsKeysOfConfigMapsAndSecrets() {
    PodSources sources =
        new PodSources(
            name -> new ConfigMapBuilder().addToData("level", "debug").build(),
            name ->
                new SecretBuilder()
                    .addToData(
                        "password",
                        Base64.getEncoder()
                            .encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)))
                    .build());
    Container container = container(LEVEL, PASSWORD);

    assertThat(ContainerEnv.resolve(List.of(), POD, container, sources))
        .contains(entry("LEVEL", "debug"), entry("PASSWORD", "s3cret"));
  }

  @Test
  void waitsForAMissingConfigMap() {
    Container container = container(LEVEL);

    assertThatThrownBy(() -> ContainerEnv.resolve(List.of(), POD, container, NONE))
        .isInstanceOf(PodSources.Missing.class)
        .hasMessage("configmap \"settings\" not found");
  }

  private static Container container(EnvVar... env) {
    return new ContainerBuilder().withName("app").withEnv(env).build();
  }

  private static EnvVar field(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
