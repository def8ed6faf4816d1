package io.letspulsar.testing;

import java.time.Instant;
import java.util.Map;

/**
 * What a {@link PodRuntime} has observed of one pod's containers, all a {@link LocalKubelet} needs
 * to write the pod's status ({@link PodStatuses}).
 *
 * @param refusal why the runtime will never run this pod; null when it will
 * @param waiting why the containers are not created yet (e.g. a ConfigMap an env var needs is
 *     missing); null when nothing is known
 * @param failedMount why a volume cannot be mounted (e.g. its Secret is missing), as the kubelet's
 *     FailedMount event on the pod says it; the containers wait without a message meanwhile, as on
 *     a real node; null when the volumes are mounted
 * @param containers the created containers by name; empty until all of them are created
 */
record PodState(
    Refusal refusal, String waiting, String failedMount, Map<String, ContainerState> containers) {

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

  /**
   * How a container's process ended, or why it never started.
   *
   * @param reason as a kubelet writes it: {@code Completed}, {@code Error} or {@code StartError}
   * @param message what went wrong when the process could not start; null otherwise
   */
  record Exit(int code, Instant at, String reason, String message) {
    /** The exit code a container runtime reports for a process it could not start. */
    static final int START_ERROR_CODE = 128;

    /** A process that ran and exited with this code. */
    static Exit of(int code, Instant at) {
      return new Exit(code, at, code == 0 ? "Completed" : "Error", null);
    }

    /** A process that could not be started. */
    static Exit startError(String message, Instant at) {
      return new Exit(START_ERROR_CODE, at, "StartError", message);
    }

    /** In a few words, e.g. {@code exit code 1}. */
    String describe() {
      return message == null ? "exit code " + code : reason + ": " + message;
    }
  }
}
