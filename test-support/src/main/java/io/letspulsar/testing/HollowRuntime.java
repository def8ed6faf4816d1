package io.letspulsar.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs nothing: every container of every pod is reported running and ready from the moment the pod
 * is admitted, as Kubernetes' hollow nodes (kubemark) do, so that thousands of pods fit on one
 * machine. For scale tests and benchmarks of what the control plane and the operator do; nothing in
 * the pods' containers is tried.
 */
final class HollowRuntime implements PodRuntime {

  @Override
  public RunningPod admit(Pod pod, Consumer<Duration> resync) {
    Instant started = Instant.now();
    PodState state =
        new PodState(
            null,
            null,
            null,
            pod.getSpec().getContainers().stream()
                .collect(
                    Collectors.toUnmodifiableMap(
                        Container::getName,
                        container -> new PodState.ContainerState(true, started, 0, null))));
    return new RunningPod() {
      @Override
      public void sync(Pod changed) {}

      @Override
      public boolean probe() {
        return false;
      }

      @Override
      public PodState state() {
        return state;
      }

      @Override
      public Optional<Integer> hostPort(int containerPort) {
        return Optional.empty();
      }

      @Override
      public void stop() {}
    };
  }

  @Override
  public void close() {}
}
