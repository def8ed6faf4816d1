package io.letspulsar.testing;

import static java.util.Objects.requireNonNullElse;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.letspulsar.testing.PodState.ContainerState;
import io.letspulsar.testing.PodState.Refusal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One pod {@link ProcessRuntime} admitted: a free host port for each container port, then, unless
 * the runtime refuses the pod, its volumes under the pod's directory and its containers as
 * processes. Waits (retrying every 2 s) while a ConfigMap or Secret it needs is missing.
 */
final class ProcessPod implements PodRuntime.RunningPod {
  private static final Duration MISSING_RETRY = Duration.ofSeconds(2);

  /** A pod's default {@code terminationGracePeriodSeconds}. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final ProcessRuntime runtime;
  private final Consumer<Duration> resync;
  private final String namespacedName;
  private final Path dir;
  private final PodSources sources;
  private final Refusal refusal;
  private final Map<Integer, Integer> hostPorts;
  private Map<String, ProcessContainer> containers = Map.of();
  private String waiting;
  private String failedMount;

  ProcessPod(ProcessRuntime runtime, Pod pod, Consumer<Duration> resync) {
    this.runtime = runtime;
    this.resync = resync;
    this.namespacedName = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    this.dir = runtime.podDir(pod.getMetadata().getUid());
    this.sources = PodSources.of(runtime.client, pod.getMetadata().getNamespace());
    this.refusal = ProcessRuntime.refusal(pod, runtime.image);
    Map<Integer, Integer> ports = new HashMap<>();
    for (Container container : pod.getSpec().getContainers()) {
      for (ContainerPort port :
          requireNonNullElse(container.getPorts(), List.<ContainerPort>of())) {
        ports.put(port.getContainerPort(), FreePorts.next());
      }
    }
    this.hostPorts = Map.copyOf(ports);
  }

  @Override
  public void sync(Pod pod) {
    if (refusal == null && containers.isEmpty()) {
      try {
        containers = create(pod);
        containers.values().forEach(ProcessContainer::start);
        waiting = null;
        failedMount = null;
      } catch (Volumes.MountFailed e) {
        failedMount = e.getMessage();
        resync.accept(MISSING_RETRY);
      } catch (PodSources.Missing e) {
        waiting = e.getMessage();
        resync.accept(MISSING_RETRY);
      }
    }
    containers.values().forEach(ProcessContainer::sync);
  }

  @Override
  public boolean probe() {
    boolean changed = false;
    for (ProcessContainer container : containers.values()) {
      changed |= container.probe();
    }
    return changed;
  }

  @Override
  public PodState state() {
    Map<String, ContainerState> states = new LinkedHashMap<>();
    containers.forEach((name, container) -> states.put(name, container.state()));
    return new PodState(refusal, waiting, failedMount, states);
  }

  @Override
  public Optional<Integer> hostPort(int containerPort) {
    return Optional.ofNullable(hostPorts.get(containerPort));
  }

  /** Stops the containers together, as a kubelet does: one grace period for all of them. */
  @Override
  public void stop() {
    List<Process> running =
        containers.values().stream().flatMap(container -> container.detach().stream()).toList();
    Processes.stop(running, STOP_GRACE);
    Directories.delete(dir);
  }

  private Map<String, ProcessContainer> create(Pod pod) {
    Map<String, Path> volumes = Volumes.write(pod, dir, sources, hostPorts);
    Map<String, ProcessContainer> created = new LinkedHashMap<>();
    for (Container spec : pod.getSpec().getContainers()) {
      Map<String, String> env = ContainerEnv.resolve(runtime.imageTar.env(), pod, spec, sources);
      HostPaths paths =
          new HostPaths(spec.getVolumeMounts(), volumes, runtime.rootfs, dir.resolve("argfiles"));
      String prefix = namespacedName + "/" + spec.getName() + " | ";
      created.put(
          spec.getName(),
          new ProcessContainer(
              spec.getName(),
              () -> launch(spec, paths, env),
              ReadinessProbe.of(spec, hostPorts, runtime.http),
              line -> runtime.output.accept(prefix + line),
              resync,
              Clock.systemUTC()));
    }
    return created;
  }

  /** The container's process: the pod's command or else the image's, with the container's env. */
  private ProcessBuilder launch(Container spec, HostPaths paths, Map<String, String> env) {
    List<String> command =
        paths.command(
            orImage(spec.getCommand(), runtime.imageTar.entrypoint()),
            orImage(spec.getArgs(), runtime.imageTar.cmd()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
    builder.environment().clear();
    env.forEach((name, value) -> builder.environment().put(name, paths.token(value)));
    return builder;
  }

  private static List<String> orImage(List<String> pods, List<String> images) {
    return pods == null || pods.isEmpty() ? images : pods;
  }
}
