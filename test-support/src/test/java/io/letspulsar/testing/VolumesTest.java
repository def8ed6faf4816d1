package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumesTest {
  private static final Pod POD =
      new PodBuilder()
          .withNewSpec()
          .addNewContainer()
          .withName("app")
          .addNewVolumeMount()
          .withName("config")
          .withMountPath("/config")
          .endVolumeMount()
          .endContainer()
          .addNewVolume()
          .withName("config")
          .withNewConfigMap()
          .withName("app")
          .endConfigMap()
          .endVolume()
          .addNewVolume()
          .withName("credentials")
          .withNewSecret()
          .withSecretName("app")
          .endSecret()
          .endVolume()
          .addNewVolume()
          .withName("scratch")
          .withNewEmptyDir()
          .endEmptyDir()
          .endVolume()
          .endSpec()
          .build();

  @TempDir Path pod;

  @Test
  void writesConfigMapsForThisHostSecretsDecodedAndEmptyDirs() throws IOException {
    PodSources sources =
        new PodSources(
            name ->
                new ConfigMapBuilder()
                    .addToData("app.properties", "health.port=8080\nfile=/config/x\n")
                    .build(),
            name ->
                new SecretBuilder()
                    .addToData("token", Base64.getEncoder().encodeToString(new byte[] {1, 2}))
                    .build());

    Map<String, Path> volumes = Volumes.write(POD, pod, sources, Map.of(8080, 31000));

    Path config = volumes.get("config");
    assertThat(Files.readString(config.resolve("app.properties")))
        .isEqualTo("health.port=31000\nfile=" + config + "/x\n");
    assertThat(volumes.get("credentials").resolve("token")).hasBinaryContent(new byte[] {1, 2});
    assertThat(volumes.get("scratch")).isEmptyDirectory();
    assertThat(volumes.values()).allMatch(dir -> dir.startsWith(pod));
  }

  @Test
  void aConfigMapOrSecretWithoutDataIsAnEmptyVolume() {
    PodSources empty =
        new PodSources(name -> new ConfigMapBuilder().build(), name -> new SecretBuilder().build());

    Map<String, Path> volumes = Volumes.write(POD, pod, empty, Map.of());

    assertThat(volumes.get("config")).isEmptyDirectory();
    assertThat(volumes.get("credentials")).isEmptyDirectory();
  }

  @Test
  void aMissingConfigMapFailsTheMountAsTheKubeletSaysIt() {
    PodSources none = new PodSources(name -> null, name -> null);

    assertThatThrownBy(() -> Volumes.write(POD, pod, none, Map.of()))
        .isInstanceOf(Volumes.MountFailed.class)
        .hasMessageStartingWith("MountVolume.SetUp failed for volume \"")
        .hasMessageEndingWith(": configmap \"app\" not found");
  }
}
