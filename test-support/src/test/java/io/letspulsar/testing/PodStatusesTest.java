package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.letspulsar.testing.PodState.ContainerState;
import io.letspulsar.testing.PodState.Exit;
import io.letspulsar.testing.PodState.Refusal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodStatusesTest {
  private static final Pod POD =
      new PodBuilder()
          .withNewSpec()
          .addNewContainer()
          .withName("app")
          .withImage("workload:1")
          .endContainer()
          .endSpec()
          .build();
  private static final Instant ADMITTED = Instant.parse("2025-01-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2025-01-01T10:05:00Z");

  @Test
  void aPodWaitingForWhatItNeedsIsPendingAndItsContainersCreating() {
    PodStatus status =
        PodStatuses.of(
            POD,
            new PodState(null, "configmap \"app\" not found", null, Map.of()),
            ADMITTED,
            ADMITTED);

    assertThat(status.getPhase()).isEqualTo("Pending");
    ContainerStatus app = status.getContainerStatuses().get(0);
    assertThat(app.getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(app.getState().getWaiting().getMessage()).isEqualTo("configmap \"app\" not found");
    assertThat(app.getImageID()).isEqualTo("local://workload:1");
    assertThat(app.getReady()).isFalse();
    assertThat(app.getStarted()).isFalse();
    assertThat(app.getRestartCount()).isZero();
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
  }

  @Test
  void aRefusedPodShowsTheRefusalOnItsContainers() {
    Refusal refusal = new Refusal("ErrImageNeverPull", "this local kubelet runs only workload:1");

    PodStatus status =
        PodStatuses.of(POD, new PodState(refusal, null, null, Map.of()), ADMITTED, ADMITTED);

    assertThat(status.getPhase()).isEqualTo("Pending");
    ContainerStatus app = status.getContainerStatuses().get(0);
    assertThat(app.getState().getWaiting().getReason()).isEqualTo("ErrImageNeverPull");
    assertThat(app.getState().getWaiting().getMessage())
        .isEqualTo("this local kubelet runs only workload:1");
    assertThat(app.getImageID()).isEmpty();
  }

  @Test
  void aContainerThatExitedIsInCrashLoopBackOffWithItsExitCode() {
    ContainerState exited = new ContainerState(false, null, 2, Exit.of(1, LATER));

    PodStatus status =
        PodStatuses.of(
            POD, new PodState(null, null, null, Map.of("app", exited)), ADMITTED, ADMITTED);

    assertThat(status.getPhase()).isEqualTo("Running");
    ContainerStatus app = status.getContainerStatuses().get(0);
    assertThat(app.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(app.getState().getWaiting().getMessage()).contains("app", "exit code 1");
    assertThat(app.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(app.getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(app.getLastState().getTerminated().getFinishedAt()).isEqualTo(LATER.toString());
    assertThat(app.getRestartCount()).isEqualTo(2);
    assertThat(app.getStarted()).isFalse();
  }

  @Test
  void aContainerThatExitedCleanlyLastCompleted() {
    ContainerState exited = new ContainerState(false, null, 1, Exit.of(0, LATER));

    ContainerStatus app =
        PodStatuses.containerStatus(
            POD.getSpec().getContainers().get(0),
            new PodState(null, null, null, Map.of("app", exited)));

    assertThat(app.getLastState().getTerminated().getReason()).isEqualTo("Completed");
  }

  @Test
  void aPodWhoseContainersRunAndAreReadyIsReady() {
    ContainerState running = new ContainerState(true, LATER, 0, null);

    PodStatus status =
        PodStatuses.of(
            POD, new PodState(null, null, null, Map.of("app", running)), ADMITTED, LATER);

    assertThat(status.getPhase()).isEqualTo("Running");
    assertThat(status.getPodIP()).isEqualTo("127.0.0.1");
    assertThat(status.getStartTime()).isEqualTo(ADMITTED.toString());
    ContainerStatus app = status.getContainerStatuses().get(0);
    assertThat(app.getState().getRunning().getStartedAt()).isEqualTo(LATER.toString());
    assertThat(app.getReady()).isTrue();
    assertThat(app.getStarted()).isTrue();
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getLastTransitionTime()).isEqualTo(LATER.toString());
    assertThat(condition(status, "ContainersReady").getStatus()).isEqualTo("True");
  }

  @Test
  void aPodWithARunningContainerThatIsNotReadyIsNotReady() {
    ContainerState running = new ContainerState(false, LATER, 0, null);

    PodStatus status =
        PodStatuses.of(
            POD, new PodState(null, null, null, Map.of("app", running)), ADMITTED, LATER);

    assertThat(status.getContainerStatuses().get(0).getState().getRunning()).isNotNull();
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
  }

  private static PodCondition condition(PodStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
