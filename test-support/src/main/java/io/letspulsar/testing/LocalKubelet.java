package io.letspulsar.testing;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plays the kubelet of one node for the pods of one image (the workload's, from its image tar):
 * binds every pending pod to the node, runs each container as a local process with the image's
 * entry point and the pod's args and env, ConfigMap, Secret and emptyDir volumes written under a
 * temporary directory, probes readiness over HTTP, restarts exited containers with back-off, and
 * reports all of it in the pod's status so the real controllers compute the Deployment's status.
 * Pods asking for any other image are refused with the reason in their status, never run.
 *
 * <p>Where it departs from a real node: pods share this machine's network and file system, so the
 * kubelet gives each container port a free host port, and in the {@code .properties} files of
 * ConfigMap volumes it writes that host port where the container port was and the volumes'
 * directories where the mount paths were (two pods of one Deployment would otherwise collide, and
 * the files would point at paths that exist only inside a container). Containers run as this
 * machine's user, without resource limits, and liveness probes are not acted on.
 */
public final class LocalKubelet implements AutoCloseable {
  public static final String NODE = "local-node";
  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration PROBE_PERIOD = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final Pattern PORT_LINE =
      Pattern.compile("(?m)^([\\w.-]*port\\s*[=:]\\s*)(\\d+)$");

  private final KubernetesClient client;
  private final String image;
  private final ImageTar imageTar;
  private final Path home;
  private final Consumer<String> output;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Map<String, LocalPod> pods = new ConcurrentHashMap<>();
  private SharedIndexInformer<Pod> informer;
  private volatile boolean closed;

  private LocalKubelet(
      KubernetesClient client, String image, ImageTar imageTar, Path home, Consumer<String> out) {
    this.client = client;
    this.image = image;
    this.imageTar = imageTar;
    this.home = home;
    this.output = out;
  }

  /**
   * Starts playing the kubelet.
   *
   * @param image the image name pods use for the image in {@code imageTar}
   * @param output receives every line the containers print, prefixed with pod and container
   */
  public static LocalKubelet start(
      KubernetesClient client, String image, Path imageTar, Consumer<String> output) {
    try {
      Path home = Files.createTempDirectory("local-kubelet-");
      ImageTar tar = ImageTar.read(imageTar);
      tar.unpack(home.resolve("rootfs"));
      LocalKubelet kubelet = new LocalKubelet(client, image, tar, home, output);
      kubelet.informer = client.pods().inAnyNamespace().inform(kubelet.handler(), 0);
      kubelet.executor.scheduleWithFixedDelay(
          kubelet::probeAll,
          PROBE_PERIOD.toMillis(),
          PROBE_PERIOD.toMillis(),
          TimeUnit.MILLISECONDS);
      return kubelet;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The host port a running pod's container port is served on. */
  public Optional<Integer> hostPort(String namespace, String pod, int containerPort) {
    return pods.values().stream()
        .filter(p -> p.namespace.equals(namespace) && p.name.equals(pod))
        .findFirst()
        .map(p -> p.hostPorts.get(containerPort));
  }

  @Override
  public void close() {
    closed = true;
    if (informer != null) {
      informer.close();
    }
    executor.shutdownNow();
    pods.values().forEach(LocalPod::stop);
    pods.clear();
    Directories.delete(home);
  }

  private ResourceEventHandler<Pod> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        later(Cache.metaNamespaceKeyFunc(pod));
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        later(Cache.metaNamespaceKeyFunc(pod));
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        later(Cache.metaNamespaceKeyFunc(pod));
      }
    };
  }

  private void later(String key) {
    if (!closed) {
      executor.execute(() -> sync(key));
    }
  }

  private void later(String key, Duration delay) {
    if (!closed) {
      executor.schedule(() -> sync(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Brings one pod's processes and status in line with the pod; runs on the executor only. */
  private void sync(String key) {
    try {
      Pod pod = informer.getStore().getByKey(key);
      LocalPod local = pods.get(key);
      if (local != null && (pod == null || !pod.getMetadata().getUid().equals(local.uid))) {
        local.stop();
        pods.remove(key);
        local = null;
      }
      if (pod == null) {
        return;
      }
      if (pod.getSpec().getNodeName() == null) {
        if (pod.getMetadata().getDeletionTimestamp() == null) {
          bind(pod);
        }
        return;
      }
      if (!NODE.equals(pod.getSpec().getNodeName())) {
        return;
      }
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        if (local != null) {
          local.stop();
          pods.remove(key);
        }
        client.pods().resource(pod).withGracePeriod(0).delete();
        return;
      }
      if (local == null) {
        local = new LocalPod(pod);
        pods.put(key, local);
      }
      local.sync(pod);
    } catch (KubernetesClientException e) {
      // The pod changed or went away meanwhile; its next event brings it back here.
      if (e.getCode() != 404 && e.getCode() != 409) {
        output.accept("kubelet: " + key + ": " + e.getMessage());
        later(key, Duration.ofSeconds(1));
      }
    } catch (RuntimeException e) {
      output.accept("kubelet: " + key + ": " + e);
      later(key, Duration.ofSeconds(2));
    }
  }

  private void bind(Pod pod) {
    Binding binding =
        new BindingBuilder()
            .withNewMetadata()
            .withName(pod.getMetadata().getName())
            .withNamespace(pod.getMetadata().getNamespace())
            .withUid(pod.getMetadata().getUid())
            .endMetadata()
            .withNewTarget()
            .withKind("Node")
            .withApiVersion("v1")
            .withName(NODE)
            .endTarget()
            .build();
    client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding).create();
  }

  private void probeAll() {
    pods.forEach(
        (key, pod) -> {
          if (pod.probe()) {
            sync(key);
          }
        });
  }

  /** One pod this kubelet runs: its volumes, host ports and containers. */
  private final class LocalPod {
    final String namespace;
    final String name;
    final String uid;
    final Path dir;
    final Map<Integer, Integer> hostPorts = new LinkedHashMap<>();
    final Map<String, LocalContainer> containers = new LinkedHashMap<>();
    final Instant startTime = Instant.now();
    Instant readySince = startTime;
    boolean wasReady;
    String refusal;
    String refusalReason;
    String waiting;
    PodStatus lastWritten;

    LocalPod(Pod pod) {
      this.namespace = pod.getMetadata().getNamespace();
      this.name = pod.getMetadata().getName();
      this.uid = pod.getMetadata().getUid();
      this.dir = home.resolve("pods").resolve(uid);
      for (Volume volume : listOf(pod.getSpec().getVolumes())) {
        if (volume.getConfigMap() == null
            && volume.getSecret() == null
            && volume.getEmptyDir() == null) {
          refusalReason = "CreateContainerConfigError";
          refusal =
              "volume "
                  + volume.getName()
                  + ": this local kubelet mounts configMap, secret and emptyDir volumes only";
        }
      }
      for (Container container : pod.getSpec().getContainers()) {
        if (!image.equals(container.getImage())) {
          refusalReason = "ErrImageNeverPull";
          refusal =
              "this local kubelet runs only "
                  + image
                  + "; container "
                  + container.getName()
                  + " asks for "
                  + container.getImage();
        }
        for (ContainerPort port : listOf(container.getPorts())) {
          hostPorts.put(port.getContainerPort(), FreePorts.next());
        }
      }
    }

    void sync(Pod pod) {
      if (refusal == null && containers.isEmpty()) {
        try {
          Map<String, Path> volumes = writeVolumes(pod);
          for (Container container : pod.getSpec().getContainers()) {
            containers.put(
                container.getName(), new LocalContainer(this, container, volumes, env(container)));
          }
          containers.values().forEach(LocalContainer::start);
          waiting = null;
        } catch (MissingSource e) {
          containers.clear();
          waiting = e.getMessage();
          later(Cache.namespaceKeyFunc(namespace, name), Duration.ofSeconds(2));
        }
      }
      containers.values().forEach(LocalContainer::restartIfDue);
      writeStatus(pod);
    }

    boolean probe() {
      boolean changed = false;
      for (LocalContainer container : containers.values()) {
        changed |= container.probe();
      }
      return changed;
    }

    void stop() {
      containers.values().forEach(LocalContainer::stop);
      Directories.delete(dir);
    }

    private Map<String, Path> writeVolumes(Pod pod) {
      Map<String, Path> volumes = new HashMap<>();
      for (Volume volume : listOf(pod.getSpec().getVolumes())) {
        Path target = volumeDir(volume.getName());
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (volume.getConfigMap() != null) {
          ConfigMap map =
              client
                  .configMaps()
                  .inNamespace(namespace)
                  .withName(volume.getConfigMap().getName())
                  .get();
          if (map == null) {
            throw new MissingSource("configmap", volume.getConfigMap().getName());
          }
          map.getData()
              .forEach(
                  (k, v) -> files.put(k, forThisHost(pod, k, v).getBytes(StandardCharsets.UTF_8)));
        } else if (volume.getSecret() != null) {
          Secret secret =
              client
                  .secrets()
                  .inNamespace(namespace)
                  .withName(volume.getSecret().getSecretName())
                  .get();
          if (secret == null) {
            throw new MissingSource("secret", volume.getSecret().getSecretName());
          }
          secret.getData().forEach((k, v) -> files.put(k, Base64.getDecoder().decode(v)));
        }
        try {
          Files.createDirectories(target);
          for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(target.resolve(file.getKey()), file.getValue());
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        volumes.put(volume.getName(), target);
      }
      return volumes;
    }

    /**
     * A {@code .properties} file as this host needs it: the pod's container ports replaced by their
     * host ports and paths under the pod's volume mounts by the volumes' directories.
     */
    private String forThisHost(Pod pod, String file, String content) {
      if (!file.endsWith(".properties")) {
        return content;
      }
      String text =
          replaceAll(
              PORT_LINE.matcher(content),
              m -> {
                Integer host = hostPorts.get(Integer.parseInt(m.group(2)));
                return m.group(1) + (host == null ? m.group(2) : host.toString());
              });
      Map<String, String> mounts = new HashMap<>();
      for (Container container : pod.getSpec().getContainers()) {
        for (VolumeMount mount : listOf(container.getVolumeMounts())) {
          mounts.putIfAbsent(mount.getMountPath(), mount.getName());
        }
      }
      if (mounts.isEmpty()) {
        return text;
      }
      // One pass, longest mount path first, so a mapped path is never mapped again.
      Pattern paths =
          Pattern.compile(
              mounts.keySet().stream()
                      .sorted(Comparator.comparingInt(String::length).reversed())
                      .map(Pattern::quote)
                      .collect(Collectors.joining("|", "(", ")"))
                  + "(?=/)");
      return replaceAll(paths.matcher(text), m -> volumeDir(mounts.get(m.group(1))).toString());
    }

    private Path volumeDir(String volume) {
      return dir.resolve("volumes").resolve(volume);
    }

    private Map<String, String> env(Container container) {
      Map<String, String> env = new LinkedHashMap<>();
      for (String entry : imageTar.env()) {
        int equals = entry.indexOf('=');
        env.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
      env.put("HOSTNAME", name);
      for (EnvVar variable : listOf(container.getEnv())) {
        env.put(variable.getName(), value(variable));
      }
      return env;
    }

    private String value(EnvVar variable) {
      if (variable.getValueFrom() == null) {
        return Optional.ofNullable(variable.getValue()).orElse("");
      }
      var from = variable.getValueFrom();
      if (from.getSecretKeyRef() != null) {
        Secret secret =
            client
                .secrets()
                .inNamespace(namespace)
                .withName(from.getSecretKeyRef().getName())
                .get();
        if (secret == null || !secret.getData().containsKey(from.getSecretKeyRef().getKey())) {
          throw new MissingSource("secret", from.getSecretKeyRef().getName());
        }
        return new String(
            Base64.getDecoder().decode(secret.getData().get(from.getSecretKeyRef().getKey())),
            StandardCharsets.UTF_8);
      }
      if (from.getConfigMapKeyRef() != null) {
        ConfigMap map =
            client
                .configMaps()
                .inNamespace(namespace)
                .withName(from.getConfigMapKeyRef().getName())
                .get();
        if (map == null || !map.getData().containsKey(from.getConfigMapKeyRef().getKey())) {
          throw new MissingSource("configmap", from.getConfigMapKeyRef().getName());
        }
        return map.getData().get(from.getConfigMapKeyRef().getKey());
      }
      if (from.getFieldRef() != null) {
        return switch (from.getFieldRef().getFieldPath()) {
          case "metadata.name" -> name;
          case "metadata.namespace" -> namespace;
          case "metadata.uid" -> uid;
          case "spec.nodeName" -> NODE;
          case "status.podIP", "status.hostIP" -> LOOPBACK;
          default ->
              throw new IllegalStateException(
                  "env "
                      + variable.getName()
                      + ": fieldRef "
                      + from.getFieldRef().getFieldPath()
                      + " is not supported here");
        };
      }
      throw new IllegalStateException(
          "env " + variable.getName() + ": only value, secretKeyRef, configMapKeyRef, fieldRef");
    }

    private void writeStatus(Pod pod) {
      List<ContainerStatus> statuses =
          pod.getSpec().getContainers().stream()
              .map(c -> containerStatus(c, containers.get(c.getName())))
              .toList();
      boolean ready = !containers.isEmpty() && containers.values().stream().allMatch(c -> c.ready);
      if (ready != wasReady) {
        wasReady = ready;
        readySince = Instant.now();
      }
      String started = startTime.toString();
      PodStatus status =
          new PodStatusBuilder()
              .withPhase(containers.isEmpty() ? "Pending" : "Running")
              .withHostIP(LOOPBACK)
              .withPodIP(LOOPBACK)
              .withStartTime(started)
              .withConditions(
                  condition("PodScheduled", true, startTime),
                  condition("Initialized", true, startTime),
                  condition("ContainersReady", ready, readySince),
                  condition("Ready", ready, readySince))
              .withContainerStatuses(statuses)
              .build();
      if (!status.equals(lastWritten)) {
        client
            .pods()
            .resource(pod)
            .editStatus(
                p -> {
                  p.setStatus(status);
                  return p;
                });
        lastWritten = status;
      }
    }

    private ContainerStatus containerStatus(Container spec, LocalContainer container) {
      ContainerStatusBuilder status =
          new ContainerStatusBuilder()
              .withName(spec.getName())
              .withImage(spec.getImage())
              .withImageID(refusal == null ? "local://" + image : "")
              .withReady(container != null && container.ready)
              .withStarted(container != null && container.process != null)
              .withRestartCount(container == null ? 0 : container.restarts);
      if (container == null) {
        return status
            .withNewState()
            .withNewWaiting()
            .withReason(refusal != null ? refusalReason : "ContainerCreating")
            .withMessage(refusal != null ? refusal : waiting)
            .endWaiting()
            .endState()
            .build();
      }
      if (container.lastExit != null) {
        status
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(container.lastExit)
            .withReason(container.lastExit == 0 ? "Completed" : "Error")
            .withFinishedAt(container.lastExitTime.toString())
            .endTerminated()
            .endLastState();
      }
      if (container.process == null) {
        return status
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .withMessage(
                "back-off restarting the failed container "
                    + spec.getName()
                    + " (exit code "
                    + container.lastExit
                    + ")")
            .endWaiting()
            .endState()
            .build();
      }
      return status
          .withNewState()
          .withNewRunning()
          .withStartedAt(container.startedAt.toString())
          .endRunning()
          .endState()
          .build();
    }
  }

  private static PodCondition condition(String type, boolean status, Instant since) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withLastTransitionTime(since.toString())
        .build();
  }

  /** One container of a pod, as a local process. */
  private final class LocalContainer {
    final LocalPod pod;
    final Container spec;
    final Map<String, Path> volumes;
    final Map<String, String> env;
    Process process;
    Instant startedAt;
    Instant restartAt;
    Integer lastExit;
    Instant lastExitTime;
    int restarts;
    boolean ready;

    LocalContainer(
        LocalPod pod, Container spec, Map<String, Path> volumes, Map<String, String> env) {
      this.pod = pod;
      this.spec = spec;
      this.volumes = volumes;
      this.env = env;
    }

    void start() {
      List<String> command = new ArrayList<>();
      List<String> entrypoint =
          spec.getCommand() == null || spec.getCommand().isEmpty()
              ? imageTar.entrypoint()
              : spec.getCommand();
      List<String> args =
          spec.getArgs() == null || spec.getArgs().isEmpty() ? imageTar.cmd() : spec.getArgs();
      entrypoint.forEach(token -> command.add(hostToken(token)));
      args.forEach(token -> command.add(hostToken(token)));
      if (command.get(0).equals("java")) {
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
      }
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.directory(pod.dir.toFile());
      builder.environment().clear();
      env.forEach((k, v) -> builder.environment().put(k, hostToken(v)));
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      startedAt = Instant.now();
      ready = false;
      String prefix = pod.namespace + "/" + pod.name + "/" + spec.getName() + " | ";
      Process started = process;
      Thread pump =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                  lines.lines().forEach(line -> output.accept(prefix + line));
                } catch (IOException | UncheckedIOException e) {
                  // The process is gone.
                }
              },
              "kubelet-" + spec.getName());
      pump.setDaemon(true);
      pump.start();
      started.onExit().thenRun(() -> executor.execute(() -> exited(started)));
    }

    private void exited(Process which) {
      if (closed || which != process) {
        return;
      }
      lastExit = which.exitValue();
      lastExitTime = Instant.now();
      process = null;
      ready = false;
      Duration backoff =
          Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 10L << Math.min(restarts, 5)));
      restarts++;
      restartAt = Instant.now().plus(backoff);
      String key = Cache.namespaceKeyFunc(pod.namespace, pod.name);
      sync(key);
      later(key, backoff);
    }

    void restartIfDue() {
      if (process == null && restartAt != null && !Instant.now().isBefore(restartAt)) {
        restartAt = null;
        start();
      }
    }

    /** Probes readiness; true when it changed. */
    boolean probe() {
      boolean now = process != null && process.isAlive() && probeOk();
      boolean changed = now != ready;
      ready = now;
      return changed;
    }

    private boolean probeOk() {
      var probe = spec.getReadinessProbe();
      if (probe == null || probe.getHttpGet() == null) {
        return true;
      }
      Integer port = pod.hostPorts.get(containerPort(probe.getHttpGet().getPort()));
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://" + LOOPBACK + ":" + port + probe.getHttpGet().getPath()))
                    .timeout(Duration.ofSeconds(1))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() >= 200 && response.statusCode() < 400;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    private int containerPort(IntOrString port) {
      if (port.getIntVal() != null) {
        return port.getIntVal();
      }
      return listOf(spec.getPorts()).stream()
          .filter(p -> port.getStrVal().equals(p.getName()))
          .findFirst()
          .map(ContainerPort::getContainerPort)
          .orElseThrow(() -> new IllegalStateException("no port named " + port.getStrVal()));
    }

    void stop() {
      Process running = process;
      process = null;
      if (running == null) {
        return;
      }
      running.destroy();
      try {
        if (!running.waitFor(30, TimeUnit.SECONDS)) {
          running.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.destroyForcibly();
      }
    }

    /**
     * A path inside the container as a path on this machine: under a volume mount it is the
     * volume's directory, else a file of the image; {@code @argfile}s and class paths too.
     */
    private String hostToken(String token) {
      if (token.startsWith("@/")) {
        return "@" + hostArgFile(token.substring(1));
      }
      if (!token.startsWith("/")) {
        return token;
      }
      return java.util.Arrays.stream(token.split(":", -1))
          .map(this::hostPath)
          .collect(Collectors.joining(":"));
    }

    private String hostPath(String path) {
      for (VolumeMount mount : listOf(spec.getVolumeMounts())) {
        String mountPath = mount.getMountPath();
        if (path.equals(mountPath) || path.startsWith(mountPath + "/")) {
          return volumes.get(mount.getName()) + path.substring(mountPath.length());
        }
      }
      return home.resolve("rootfs").toString() + path;
    }

    private String hostArgFile(String path) {
      try {
        String content = Files.readString(Path.of(hostPath(path)));
        String mapped =
            java.util.Arrays.stream(content.trim().split("\\s+"))
                .map(this::hostToken)
                .collect(Collectors.joining("\n"));
        Path file = pod.dir.resolve("argfiles" + path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, mapped);
        return file.toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A ConfigMap or Secret a pod needs does not exist (yet). */
  private static final class MissingSource extends RuntimeException {
    MissingSource(String kind, String name) {
      super(kind + " \"" + name + "\" not found");
    }
  }

  private static String replaceAll(Matcher matcher, Function<MatchResult, String> replacement) {
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement.apply(matcher)));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private static <T> List<T> listOf(List<T> list) {
    return list == null ? List.of() : list;
  }
}
