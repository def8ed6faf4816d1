package io.letspulsar.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.letspulsar.operator.Streams;
import io.letspulsar.operator.model.StreamModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkloadDiagnosisTest {
  private static final StreamModel DEMO = Streams.model(Streams.demo());

  private static Optional<Deployment> deployment(int ready, int unavailable) {
    return Optional.of(
        new DeploymentBuilder()
            .withNewStatus()
            .withReadyReplicas(ready)
            .withUnavailableReplicas(unavailable)
            .endStatus()
            .build());
  }

  private static Pod waiting(String container, String reason, String message) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("purchases-1")
        .endMetadata()
        .withNewStatus()
        .addNewContainerStatus()
        .withName(container)
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void allPodsReadyIsNoProblem() {
    WorkloadDiagnosis.Result result =
        WorkloadDiagnosis.diagnose(DEMO, deployment(1, 0), List.of(), List.of());

    assertThat(result.readyReplicas()).isEqualTo(1);
    assertThat(result.problem()).isEmpty();
    assertThat(WorkloadDiagnosis.podsNeeded(DEMO, deployment(1, 0))).isFalse();
  }

  @Test
  void podsAreReadOnlyWhenTheDeploymentCannotMakeThemAvailable() {
    assertThat(WorkloadDiagnosis.podsNeeded(DEMO, deployment(0, 1))).isTrue();
    assertThat(WorkloadDiagnosis.podsNeeded(DEMO, Optional.empty())).isFalse();
  }

  @Test
  void podsStillStartingAreCountedInTheMessage() {
    WorkloadDiagnosis.Result result =
        WorkloadDiagnosis.diagnose(DEMO, Optional.empty(), List.of(), List.of());

    assertThat(result.problem())
        .hasValueSatisfying(
            p -> {
              assertThat(p.reason()).isEqualTo("PodsNotReady");
              assertThat(p.message())
                  .startsWith("0 of 1 pods ready")
                  .contains("kubectl describe deployment purchases");
            });
  }

  @Test
  void aStuckContainerNamesThePodTheContainerAndTheKubeletsReason() {
    WorkloadDiagnosis.Result result =
        WorkloadDiagnosis.diagnose(
            DEMO,
            deployment(0, 1),
            List.of(waiting("consumer", "ImagePullBackOff", "Back-off pulling image x:1")),
            List.of());

    assertThat(result.problem())
        .contains(
            new Problem(
                "ImagePullFailed",
                "pod purchases-1, container consumer: ImagePullBackOff: Back-off pulling image"
                    + " x:1"));
  }

  @Test
  void crashLoopsAndConfigErrorsHaveTheirOwnReasons() {
    assertThat(
            WorkloadDiagnosis.diagnose(
                    DEMO,
                    deployment(0, 1),
                    List.of(waiting("producer", "CrashLoopBackOff", null)),
                    List.of())
                .problem())
        .map(Problem::reason)
        .contains("ContainerCrashLooping");
    assertThat(
            WorkloadDiagnosis.diagnose(
                    DEMO,
                    deployment(0, 1),
                    List.of(waiting("producer", "CreateContainerConfigError", "bad")),
                    List.of())
                .problem())
        .map(Problem::reason)
        .contains("ContainerConfigError");
  }

  @Test
  void aSecretTheKubeletCannotMountComesFirstAndSaysHowToCreateIt() {
    Event failedMount =
        new EventBuilder()
            .withReason(WorkloadDiagnosis.FAILED_MOUNT)
            .withNewInvolvedObject()
            .withKind("Pod")
            .withName("purchases-1")
            .endInvolvedObject()
            .withMessage(
                "MountVolume.SetUp failed for volume \"pulsar-token\" : secret \"pulsar-token\""
                    + " not found")
            .build();

    WorkloadDiagnosis.Result result =
        WorkloadDiagnosis.diagnose(
            Streams.securedModel(),
            deployment(0, 1),
            List.of(waiting("consumer", "ContainerCreating", null)),
            List.of(failedMount));

    assertThat(result.problem())
        .hasValueSatisfying(
            p -> {
              assertThat(p.reason()).isEqualTo("SecretNotFound");
              assertThat(p.message())
                  .contains("pod purchases-1 cannot mount Secret pulsar-token (keys token)")
                  .contains("kubectl create secret generic pulsar-token");
            });
  }

  @Test
  void aFailedMountOfAnotherPodOrVolumeIsNotThisStreamsProblem() {
    Event elsewhere =
        new EventBuilder()
            .withReason(WorkloadDiagnosis.FAILED_MOUNT)
            .withNewInvolvedObject()
            .withName("someone-else-1")
            .endInvolvedObject()
            .withMessage("MountVolume.SetUp failed for volume \"pulsar-token\"")
            .build();

    assertThat(
            WorkloadDiagnosis.diagnose(
                    Streams.securedModel(),
                    deployment(0, 1),
                    List.of(waiting("consumer", "ContainerCreating", null)),
                    List.of(elsewhere))
                .problem())
        .map(Problem::reason)
        .contains("PodsNotReady");
  }
}
