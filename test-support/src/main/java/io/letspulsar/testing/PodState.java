package io.letspulsar.testing;

import java.time.Instant;
import java.util.Map;

/**
 * What a {@link PodRuntime} has observed of one pod's containers, all a {@link LocalKubelet} needs
 * to write the pod's status ({@link PodStatuses}).
 *
 * @param refusal why the runtime will never run this pod; null when it will
 * @param waiting why the containers are not created yet (e.g. a ConfigMap they need is missing);
 *     null when nothing is known
 * @param containers the created containers by name; empty until all of them are created
 */
record PodState(Refusal refusal, String waiting, Map<String, ContainerState> containers) {

  /** Ready when there are containers and every one of them is ready. */
  boolean ready() {
    return !containers.isEmpty() && containers.values().stream().allMatch(ContainerState::ready);
  }

  /**
   * Why a runtime refuses a pod, as the waiting state of its containers shows it.
   *
   * @param reason a reason a real kubelet writes, e.g. {@code ErrImageNeverPull}
   */
  record Refusal(String reason, String message) {}

  /**
   * One created container.
   *
   * @param runningSince when the running process started; null while it is not running
   * @param restarts how often it was started again after it exited
   * @param lastExit how it ended the last time; null when it never did
   */
  record ContainerState(boolean ready, Instant runningSince, int restarts, Exit lastExit) {}

  /** How a container's process ended. */
  record Exit(int code, Instant at) {}
}
