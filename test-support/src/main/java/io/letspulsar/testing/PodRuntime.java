package io.letspulsar.testing;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the pods bound to a {@link LocalKubelet}'s node run. The kubelet binds pods, keeps one {@link
 * RunningPod} per pod it admitted, calls it on every change of the pod and every probe period, and
 * writes the pod's status from its {@link RunningPod#state()}; the runtime starts, watches and
 * stops whatever stands for the pod's containers.
 *
 * <p>{@link ProcessRuntime} runs them as local processes; {@link HollowRuntime} (as Kubernetes'
 * kubemark) starts nothing and reports every container running and ready.
 *
 * <p>The kubelet calls every method on its one thread, except {@link RunningPod#hostPort} that any
 * thread may call, and {@link RunningPod#stop} that it calls last, on a thread of its own.
 */
interface PodRuntime extends AutoCloseable {

  /**
   * Takes on a pod bound to this node.
   *
   * @param resync asks the kubelet to sync the pod again after a delay (e.g. once a container
   *     exited, or when its back-off ends); nothing happens once the kubelet is closed
   */
  RunningPod admit(Pod pod, Consumer<Duration> resync);

  /** Frees what the runtime holds; every pod it admitted is stopped already. */
  @Override
  void close();

  /** One admitted pod, refused or not. */
  interface RunningPod {
    /** Brings the containers in line with the pod: creates them, restarts those due. */
    void sync(Pod pod);

    /** Probes the containers' readiness; true when it changed. */
    boolean probe();

    /** The containers as observed now. */
    PodState state();

    /** The host port a container port is served on; empty when it has none. */
    Optional<Integer> hostPort(int containerPort);

    /** Stops every container and frees what the pod held. */
    void stop();
  }
}
