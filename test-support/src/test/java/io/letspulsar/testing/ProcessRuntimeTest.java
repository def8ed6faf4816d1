package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.letspulsar.testing.PodState.Refusal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessRuntimeTest {

  @Test
  void runsAPodOfItsImageWithSupportedVolumes() {
    Pod pod =
        pod("workload:1")
            .editSpec()
            .addToVolumes(
                new VolumeBuilder().withName("a").withNewConfigMap().endConfigMap().build())
            .addToVolumes(new VolumeBuilder().withName("b").withNewSecret().endSecret().build())
            .addToVolumes(new VolumeBuilder().withName("c").withNewEmptyDir().endEmptyDir().build())
            .endSpec()
            .build();

    assertThat(ProcessRuntime.refusal(pod, "workload:1")).isNull();
  }

  @Test
  void refusesAPodOfAnotherImage() {
    Refusal refusal = ProcessRuntime.refusal(pod("nginx:1").build(), "workload:1");

    assertThat(refusal.reason()).isEqualTo("ErrImageNeverPull");
    assertThat(refusal.message()).contains("workload:1", "app", "nginx:1");
  }

  @Test
  void refusesAVolumeThisMachineCannotSupply() {
    Pod pod =
        pod("workload:1")
            .editSpec()
            .addNewVolume()
            .withName("host")
            .withNewHostPath()
            .withPath("/var/log")
            .endHostPath()
            .endVolume()
            .endSpec()
            .build();

    Refusal refusal = ProcessRuntime.refusal(pod, "workload:1");

    assertThat(refusal.reason()).isEqualTo("CreateContainerConfigError");
    assertThat(refusal.message()).contains("volume host");
  }

  @Test
  void refusesAnEnvFieldRefThisMachineCannotSupplyAsAConfigErrorOfItsContainers() {
    Pod pod =
        pod("workload:1")
            .editSpec()
            .editFirstContainer()
            .addNewEnv()
            .withName("ZONE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.labels['zone']")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .endContainer()
            .endSpec()
            .build();

    Refusal refusal = ProcessRuntime.refusal(pod, "workload:1");
    ContainerStatus app =
        PodStatuses.containerStatus(
            pod.getSpec().getContainers().get(0), new PodState(refusal, null, null, Map.of()));

    assertThat(app.getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(app.getState().getWaiting().getMessage())
        .isEqualTo(
            "env ZONE: fieldRef metadata.labels['zone'] is not supported by this local kubelet");
    assertThat(app.getReady()).isFalse();
  }

  private static PodBuilder pod(String image) {
    return new PodBuilder()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .endContainer()
        .endSpec();
  }
}
