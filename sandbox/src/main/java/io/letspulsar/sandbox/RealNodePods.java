package io.letspulsar.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.letspulsar.testing.LocalControlPlane;
import io.letspulsar.testing.LocalNode;
import io.letspulsar.testing.PodNetwork;
import io.letspulsar.testing.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's pods as real containers: a {@link LocalNode} on the sandbox's {@link PodNetwork},
 * with the workload's image (on the JRE base) imported, and every running container's log followed
 * ({@code kubectl logs -f}) into the sandbox's output, each line prefixed as the process kubelet
 * prefixes it ({@code namespace/pod/container | }).
 */
final class RealNodePods implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RealNodePods.class);

  private final LocalControlPlane cluster;
  private final LocalNode node;
  private final Consumer<String> output;

  /** By container ID: each container's log is followed once, from its start. */
  private final Map<String, Process> followed = new ConcurrentHashMap<>();

  private final ScheduledExecutorService follower =
      Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "pod-logs"));

  private RealNodePods(LocalControlPlane cluster, LocalNode node, Consumer<String> output) {
    this.cluster = cluster;
    this.node = node;
    this.output = output;
  }

  /**
   * Starts the node, imports the image and follows the containers' logs.
   *
   * @param cluster a control plane started for {@code network}
   * @param imageTar the workload's image with its JRE, as {@code ./mvnw -Pdemo} builds it
   */
  static RealNodePods start(
      LocalControlPlane cluster, PodNetwork network, Path imageTar, Consumer<String> output) {
    LocalNode node = LocalNode.start(cluster, network);
    try {
      node.importImage(imageTar);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    RealNodePods pods = new RealNodePods(cluster, node, output);
    pods.follower.scheduleWithFixedDelay(pods::followNewContainers, 0, 2, TimeUnit.SECONDS);
    return pods;
  }

  private void followNewContainers() {
    try {
      for (Pod pod : cluster.client().pods().inAnyNamespace().list().getItems()) {
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        for (ContainerStatus status : statuses == null ? List.<ContainerStatus>of() : statuses) {
          if (status.getState().getRunning() != null && status.getContainerID() != null) {
            followed.computeIfAbsent(status.getContainerID(), id -> follow(pod, status.getName()));
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("listing pods to follow their logs: {}", e.toString());
    }
  }

  private Process follow(Pod pod, String container) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    String prefix = namespace + "/" + name + "/" + container + " | ";
    try {
      Process logs =
          new ProcessBuilder(
                  "kubectl",
                  "--kubeconfig",
                  cluster.kubeconfig().toString(),
                  "-n",
                  namespace,
                  "logs",
                  "-f",
                  name,
                  "-c",
                  container)
              .redirectErrorStream(true)
              .start();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(logs.getInputStream(), StandardCharsets.UTF_8))) {
                  lines.lines().forEach(line -> output.accept(prefix + line));
                } catch (IOException | RuntimeException e) {
                  LOG.debug("log of {}: {}", prefix, e.toString());
                }
              },
              "logs-" + name + "-" + container);
      reader.setDaemon(true);
      reader.start();
      return logs;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kubectl logs (is kubectl on the PATH?)", e);
    }
  }

  /** Stops following, then stops the node (its pods' containers with it). */
  @Override
  public void close() {
    follower.shutdownNow();
    followed.values().forEach(Processes::kill);
    node.close();
  }
}
