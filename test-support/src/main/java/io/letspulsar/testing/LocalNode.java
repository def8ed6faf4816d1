package io.letspulsar.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A real Kubernetes node on this machine: containerd (with runc and the CNI bridge plugin, from
 * {@code tools/node/fetch.sh}) and the kubelet (from {@code tools/control-plane/build.sh}), child
 * processes with their configuration, state, sockets and logs under one temporary directory, pods
 * as real containers on a {@link PodNetwork}, registered with a {@link LocalControlPlane} started
 * for that network. {@link #start} returns once the node is Ready; {@link #close()} leaves nothing
 * behind (see there).
 *
 * <p>Identities as on a kubeadm node: the kubelet is {@code system:node:<name>} by a client
 * certificate (Node authorizer, NodeRestriction), serves its API over TLS with a certificate for
 * its bridge address from the control plane's CA, and lets only clients with certificates from that
 * CA in, authorized by the API server (webhook): {@code kubectl logs} and {@code exec} work,
 * anonymous requests do not.
 *
 * <p>Where it departs from a production node (docs/testing.md has the whole list): no kube-proxy
 * (only the {@code kubernetes} Service's IP leads somewhere: it is the API server's own address,
 * see {@link PodNetwork}), no cluster DNS, no route out of the pod network, images only imported
 * ({@link #importImage}) or pulled from a registry on this machine ({@link
 * #allowPlainHttpRegistry}), containerd's {@code restrict_oom_score_adj} (this machine forbids
 * negative OOM scores), cgroupfs instead of systemd, swap allowed, eviction and image garbage
 * collection relaxed.
 */
public final class LocalNode implements AutoCloseable {
  /** The runtime's directory, set by Maven from the parent POM's property of that name. */
  public static final String RUNTIME_PROPERTY = "node.dir";

  public static final String NAME = "real-node";

  /**
   * The image {@code tools/node/fetch.sh} makes from a static busybox, imported at start (pods run
   * it with {@code imagePullPolicy: Never}); its default command sleeps.
   */
  public static final String BUSYBOX_IMAGE = "localhost/busybox:1.35.0";

  private static final String SANDBOX_IMAGE = "localhost/pause:1.35.0";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final LocalControlPlane plane;
  private final PodNetwork network;
  private final Path runtime;
  private final Path home;
  private final HostChanges host;
  private final List<Process> processes = new ArrayList<>();
  private Process containerd;
  private Process kubelet;

  private LocalNode(LocalControlPlane plane, PodNetwork network, Path runtime, Path home) {
    this.plane = plane;
    this.network = network;
    this.runtime = runtime;
    this.home = home;
    this.host = HostChanges.begin(home.getFileName().toString());
  }

  /**
   * Why this machine cannot run a node, if it cannot: not Linux, not root, no cgroup memory
   * controller, no overlayfs, no {@code /dev/kmsg} (the kubelet's OOM watcher), no {@code ip}, or
   * the binaries missing or not running here (kubelet from {@code tools/control-plane/build.sh},
   * containerd and runc from {@code tools/node/fetch.sh}, which Maven runs as root).
   */
  public static Optional<String> unsupportedReason() {
    if (!System.getProperty("os.name").equals("Linux")) {
      return Optional.of("a node needs Linux");
    }
    try {
      if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
        return Optional.of("a node needs root (containers, mounts, cgroups, a bridge)");
      }
      if (!Files.exists(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"))
          && !Files.readString(Path.of("/sys/fs/cgroup/cgroup.controllers")).contains("memory")) {
        return Optional.of("no cgroup memory controller under /sys/fs/cgroup");
      }
      if (!Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n")) {
        return Optional.of("no overlayfs in /proc/filesystems (modprobe overlay)");
      }
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of("cannot read what this machine supports: " + e);
    }
    if (!Files.exists(Path.of("/dev/kmsg"))) {
      return Optional.of("no /dev/kmsg, which the kubelet reads");
    }
    Optional<Path> kubelet = binary(LocalControlPlane.BINARIES_PROPERTY, "kubelet");
    Optional<Path> runc = binary(RUNTIME_PROPERTY, "bin/runc");
    if (kubelet.isEmpty()) {
      return Optional.of(
          "no kubelet in "
              + System.getProperty(LocalControlPlane.BINARIES_PROPERTY)
              + ": run tools/control-plane/build.sh (Maven runs it)");
    }
    if (runc.isEmpty() || binary(RUNTIME_PROPERTY, "bin/containerd").isEmpty()) {
      return Optional.of(
          "no containerd or runc in "
              + System.getProperty(RUNTIME_PROPERTY)
              + ": run tools/node/fetch.sh as root (Maven runs it, as root on Debian)");
    }
    for (String[] command :
        List.of(new String[] {"ip", "-V"}, new String[] {runc.get().toString(), "--version"})) {
      try {
        Commands.Result result = Commands.tryRun(command);
        if (!result.ok()) {
          return Optional.of(command[0] + " does not run here: " + result.output());
        }
      } catch (RuntimeException e) {
        return Optional.of(command[0] + " does not run here: " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Starts containerd and the kubelet, imports the busybox image, and waits until the node is
   * Ready; fails with {@link #unsupportedReason()} where the machine cannot run a node.
   *
   * @param plane a control plane started for this network ({@link
   *     LocalControlPlane#start(PodNetwork)})
   */
  public static LocalNode start(LocalControlPlane plane, PodNetwork network) {
    unsupportedReason()
        .ifPresent(
            reason -> {
              throw new IllegalStateException("this machine cannot run a node: " + reason);
            });
    if (!plane.address().equals(network.hostAddress())) {
      throw new IllegalArgumentException("the control plane was not started for this network");
    }
    Path home = null;
    LocalNode node = null;
    try {
      home = Files.createTempDirectory("local-node-");
      node = new LocalNode(plane, network, binary(RUNTIME_PROPERTY, "").orElseThrow(), home);
      node.startContainerd();
      node.importImage(node.runtime.resolve("images/busybox.tar"));
      node.startKubelet();
      return node;
    } catch (IOException | RuntimeException e) {
      if (node != null) {
        node.close();
      } else if (home != null) {
        Directories.delete(home);
      }
      throw new IllegalStateException("the local node did not start", e);
    }
  }

  /** Imports a docker-archive or OCI image tar into containerd's {@code k8s.io} namespace. */
  public void importImage(Path tar) {
    ctr("images", "import", tar.toString());
  }

  /**
   * Lets containerd pull from a registry on this machine over plain HTTP, e.g. {@code
   * 127.0.0.1:5000} (a {@code hosts.toml} under its {@code config_path}; no restart needed).
   */
  public void allowPlainHttpRegistry(String hostAndPort) {
    write(
        home.resolve("certs.d").resolve(hostAndPort).resolve("hosts.toml"),
        """
        server = "http://%1$s"
        [host."http://%1$s"]
          capabilities = ["pull", "resolve"]
        """
            .formatted(hostAndPort));
  }

  /** Runs containerd's {@code ctr} in the {@code k8s.io} namespace (the kubelet's); its output. */
  public String ctr(String... args) {
    return Commands.run(ctrCommand(args));
  }

  /** Where the node keeps everything: {@link #close()} deletes it. */
  public Path home() {
    return home;
  }

  /**
   * The most memory a running container of this node has used since it started, as its cgroup
   * counts it (what its memory limit is enforced against): {@code memory.max_usage_in_bytes} on
   * cgroup v1, {@code memory.peak} on v2.
   *
   * @param containerId as a pod's container status gives it, {@code containerd://} and all
   */
  public long peakMemoryBytes(String containerId) {
    String id = containerId.replaceFirst("^containerd://", "");
    boolean v1 = Files.exists(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"));
    Path root = Path.of(v1 ? "/sys/fs/cgroup/memory" : "/sys/fs/cgroup", host.cgroup());
    try (var dirs = Files.walk(root, 6)) {
      Path cgroup =
          dirs.filter(dir -> dir.getFileName().toString().equals(id))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no cgroup of " + id + " in " + root));
      return Long.parseLong(
          Files.readString(cgroup.resolve(v1 ? "memory.max_usage_in_bytes" : "memory.peak"))
              .strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops the node and leaves nothing behind: cordons it and deletes its pods (the kubelet stops
   * their containers, unmounts their volumes and tears down their network), stops the kubelet,
   * kills any container still running, stops containerd, then unmounts what is left under its
   * directory, removes its cgroups, sets back the kernel settings the kubelet changed and deletes
   * the directory. The pod network and the control plane are the caller's to close, after this.
   */
  @Override
  public void close() {
    try {
      if (kubelet != null) {
        deletePods();
      }
    } finally {
      if (kubelet != null) {
        Processes.stop(kubelet, STOP_GRACE);
      }
      if (containerd != null) {
        killContainers();
        Processes.stop(containerd, STOP_GRACE);
        killShims();
      }
      host.undo(home);
      Directories.delete(home);
    }
  }

  private Path socket() {
    return home.resolve("containerd.sock");
  }

  private void startContainerd() throws IOException {
    write(home.resolve("cni/10-pods.conflist"), network.cniConfig(home.resolve("cni-ipam")));
    Files.createDirectories(home.resolve("certs.d"));
    write(
        home.resolve("containerd.toml"),
        """
        version = 2
        root = "%1$s/containerd/root"
        state = "%1$s/containerd/state"
        disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
          "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]
        [grpc]
          address = "%2$s"
        [plugins."io.containerd.internal.v1.opt"]
          path = "%1$s/containerd/opt"
        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "%3$s"
          # This machine lets no one, root included, lower an OOM score (containerd asks -998 for
          # a pod sandbox): without this every sandbox fails.
          restrict_oom_score_adj = true
          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "overlayfs"
            default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                BinaryName = "%4$s/bin/runc"
                Root = "%1$s/runc"
                SystemdCgroup = false
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "%4$s/cni"
            conf_dir = "%1$s/cni"
          [plugins."io.containerd.grpc.v1.cri".registry]
            config_path = "%1$s/certs.d"
        """
            .formatted(home, socket(), SANDBOX_IMAGE, runtime));
    // containerd finds the shim on its PATH.
    containerd =
        launch(
            Map.of("PATH", runtime.resolve("bin") + ":" + System.getenv("PATH")),
            runtime.resolve("bin/containerd").toString(),
            "--config",
            home.resolve("containerd.toml").toString());
    await("containerd to answer", () -> Commands.tryRun(ctrCommand("version")).ok());
  }

  private void startKubelet() throws IOException {
    TestPki.CertAndKey serving =
        plane.pki().serverCert(List.of(network.hostAddress()), List.of(NAME));
    write(
        home.resolve("kubelet.yaml"),
        """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        address: %1$s
        port: %2$d
        readOnlyPort: 0
        healthzPort: 0
        tlsCertFile: %3$s
        tlsPrivateKeyFile: %4$s
        authentication:
          anonymous: {enabled: false}
          webhook: {enabled: true}
          x509: {clientCAFile: %5$s}
        authorization: {mode: Webhook}
        containerRuntimeEndpoint: unix://%6$s
        cgroupDriver: cgroupfs
        cgroupRoot: %7$s
        failCgroupV1: false
        failSwapOn: false
        podLogsDir: %8$s/pod-logs
        resolvConf: ""
        makeIPTablesUtilChains: false
        evictionHard: {memory.available: 100Mi, nodefs.available: 1%%, imagefs.available: 1%%}
        imageGCHighThresholdPercent: 100
        imageGCLowThresholdPercent: 99
        """
            .formatted(
                network.hostAddress(),
                FreePorts.next(),
                serving.certFile(),
                serving.keyFile(),
                plane.pki().caCertFile(),
                socket(),
                host.cgroup(),
                home));
    kubelet =
        launch(
            Map.of(),
            binary(LocalControlPlane.BINARIES_PROPERTY, "kubelet").orElseThrow().toString(),
            "--config=" + home.resolve("kubelet.yaml"),
            "--kubeconfig=" + plane.kubeconfig("system:node:" + NAME, "system:nodes"),
            "--hostname-override=" + NAME,
            "--node-ip=" + network.hostAddress(),
            "--root-dir=" + home.resolve("kubelet"),
            "--cert-dir=" + home.resolve("kubelet/pki"));
    KubernetesClient client = plane.client();
    await(
        "the node to be Ready",
        () -> {
          Node node = client.nodes().withName(NAME).get();
          return node != null
              && node.getStatus().getConditions().stream()
                  .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
  }

  /** Cordons the node, deletes its pods and waits until the kubelet has torn them down. */
  private void deletePods() {
    KubernetesClient client = plane.client();
    if (client.nodes().withName(NAME).get() == null) {
      return;
    }
    client
        .nodes()
        .withName(NAME)
        .edit(
            node -> {
              node.getSpec().setUnschedulable(true);
              return node;
            });
    await(
        "the node's pods to be deleted",
        () -> {
          List<Pod> pods =
              client.pods().inAnyNamespace().withField("spec.nodeName", NAME).list().getItems();
          pods.stream()
              .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
              .forEach(pod -> client.pods().resource(pod).withGracePeriod(1).delete());
          return pods.isEmpty();
        },
        STOP_TIMEOUT);
  }

  /** Containers the kubelet did not stop (it could not, or was gone): killed, tasks deleted. */
  private void killContainers() {
    Commands.Result tasks = Commands.tryRun(ctrCommand("tasks", "list", "--quiet"));
    for (String task : tasks.ok() ? tasks.output().lines().toList() : List.<String>of()) {
      Commands.tryRun(ctrCommand("tasks", "kill", "--signal", "SIGKILL", "--all", task));
      Commands.tryRun(ctrCommand("tasks", "delete", "--force", task));
    }
  }

  private String[] ctrCommand(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                runtime.resolve("bin/ctr").toString(),
                "--address",
                socket().toString(),
                "--namespace",
                "k8s.io"));
    command.addAll(List.of(args));
    return command.toArray(String[]::new);
  }

  /** Shims of this containerd still running once it stopped (each names its socket). */
  private void killShims() {
    String address = socket().toString();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(address)).orElse(false))
        .forEach(
            shim -> {
              shim.destroyForcibly();
              shim.onExit().join();
            });
  }

  private Process launch(Map<String, String> env, String... command) throws IOException {
    String name = Path.of(command[0]).getFileName().toString();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(home.resolve(name + ".log").toFile())
            .directory(home.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private void await(String what, BooleanSupplier done) {
    await(what, done, START_TIMEOUT);
  }

  private void await(String what, BooleanSupplier done, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (!done.getAsBoolean()) {
      for (Process process : processes) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              process.info().command().orElse("a node process")
                  + " exited "
                  + process.exitValue()
                  + " while waiting for "
                  + what
                  + logTails());
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("waited " + timeout + " for " + what + logTails());
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The last lines of containerd's and the kubelet's logs, for a failure's message. */
  private String logTails() {
    StringBuilder tails = new StringBuilder();
    for (String name : List.of("containerd", "kubelet")) {
      try {
        List<String> lines = Files.readAllLines(home.resolve(name + ".log"));
        tails.append("\n--- the end of ").append(name).append("'s log:\n");
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(line -> tails.append(line).append('\n'));
      } catch (IOException e) {
        tails.append("\n(no log of ").append(name).append(")");
      }
    }
    return tails.toString();
  }

  private static Optional<Path> binary(String property, String name) {
    return Optional.ofNullable(System.getProperty(property))
        .map(dir -> Path.of(dir).resolve(name))
        .filter(Files::exists);
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
