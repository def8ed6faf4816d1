package io.letspulsar.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.letspulsar.testing.PodState.ContainerState;
import io.letspulsar.testing.PodState.Exit;
import io.letspulsar.testing.PodState.Refusal;
import java.time.Instant;

/**
 * A pod's status as a real kubelet writes it (phase, conditions, one status per container with the
 * reasons {@code kubectl get pods} shows), built from what its {@link PodRuntime} observed.
 */
final class PodStatuses {
  private PodStatuses() {}

  /**
   * The status of a pod.
   *
   * @param startTime when the kubelet admitted the pod
   * @param readySince when the pod last became ready, or not ready
   */
  static PodStatus of(Pod pod, PodState state, Instant startTime, Instant readySince) {
    boolean ready = state.ready();
    return new PodStatusBuilder()
        .withPhase(state.containers().isEmpty() ? "Pending" : "Running")
        .withHostIP(Loopback.ADDRESS)
        .withPodIP(Loopback.ADDRESS)
        .withStartTime(startTime.toString())
        .withConditions(
            condition("PodScheduled", true, startTime),
            condition("Initialized", true, startTime),
            condition("ContainersReady", ready, readySince),
            condition("Ready", ready, readySince))
        .withContainerStatuses(
            pod.getSpec().getContainers().stream().map(c -> containerStatus(c, state)).toList())
        .build();
  }

  /** The status of one of the pod's containers. */
  static ContainerStatus containerStatus(Container spec, PodState state) {
    ContainerState container = state.containers().get(spec.getName());
    Refusal refusal = state.refusal();
    ContainerStatusBuilder status =
        new ContainerStatusBuilder()
            .withName(spec.getName())
            .withImage(spec.getImage())
            .withImageID(refusal == null ? "local://" + spec.getImage() : "")
            .withReady(container != null && container.ready())
            .withStarted(container != null && container.runningSince() != null)
            .withRestartCount(container == null ? 0 : container.restarts());
    if (container == null) {
      return refusal != null
          ? waiting(status, refusal.reason(), refusal.message())
          : waiting(status, "ContainerCreating", state.waiting());
    }
    Exit exit = container.lastExit();
    if (exit != null) {
      status
          .withNewLastState()
          .withNewTerminated()
          .withExitCode(exit.code())
          .withReason(exit.reason())
          .withMessage(exit.message())
          .withFinishedAt(exit.at().toString())
          .endTerminated()
          .endLastState();
    }
    if (container.runningSince() == null) {
      return waiting(
          status,
          "CrashLoopBackOff",
          "back-off restarting the failed container "
              + spec.getName()
              + (exit == null ? "" : " (" + exit.describe() + ")"));
    }
    return status
        .withNewState()
        .withNewRunning()
        .withStartedAt(container.runningSince().toString())
        .endRunning()
        .endState()
        .build();
  }

  private static ContainerStatus waiting(
      ContainerStatusBuilder status, String reason, String message) {
    return status
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .build();
  }

  private static PodCondition condition(String type, boolean status, Instant since) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withLastTransitionTime(since.toString())
        .build();
  }
}
