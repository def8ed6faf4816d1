package io.letspulsar.testing;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.letspulsar.testing.PodRuntime.RunningPod;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
 *
 * <p>This class is the node agent: it watches pods, binds them, syncs each pod on one thread and
 * writes its status ({@link PodStatuses}) — a hollow node syncs eight pods at once, as a kubelet's
 * pod workers do, each pod always on the same thread; it stops the containers of each pod on its
 * way out on a thread of their own, so that pods stop together and the others keep being synced.
 * How the containers run is a {@link PodRuntime}'s part: local processes ({@link ProcessRuntime}),
 * or nothing at all on a hollow node ({@link #hollow}).
 */
public final class LocalKubelet implements AutoCloseable {
  private static final String NODE = "local-node";
  private static final String HOLLOW_NODE = "hollow-node";
  private static final Duration PROBE_PERIOD = Duration.ofSeconds(1);

  /**
   * Pods a hollow node syncs at once. With one, its bind and status writes one after the other made
   * about 2.5 pods Ready a second: the benchmark timed the test bed, not the operator.
   */
  private static final int HOLLOW_WORKERS = 8;

  private final KubernetesClient client;
  private final PodRuntime runtime;
  private final String node;
  private final Consumer<String> output;
  private final List<ScheduledExecutorService> workers;
  private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService stopping = Executors.newCachedThreadPool();
  private final Map<String, Admitted> pods = new ConcurrentHashMap<>();
  private final Set<String> terminating = ConcurrentHashMap.newKeySet();
  private SharedIndexInformer<Pod> informer;
  private volatile boolean closed;

  private LocalKubelet(
      KubernetesClient client,
      PodRuntime runtime,
      String node,
      int workers,
      Consumer<String> output) {
    this.client = client;
    this.runtime = runtime;
    this.node = node;
    this.workers =
        Stream.generate(Executors::newSingleThreadScheduledExecutor).limit(workers).toList();
    this.output = output;
  }

  /**
   * Starts playing the kubelet.
   *
   * @param image the image name pods use for the image in {@code imageTar}
   * @param output receives every line the containers print, prefixed with pod and container
   */
  public static LocalKubelet start(
      KubernetesClient client, String image, Path imageTar, Consumer<String> output) {
    return start(
        client,
        ProcessRuntime.start(client, image, imageTar, output),
        NODE,
        1,
        client.pods().inAnyNamespace(),
        output);
  }

  /**
   * Starts playing a hollow kubelet (as Kubernetes' kubemark): it binds every pending pod and
   * reports its containers running and ready at once, with the statuses a real kubelet writes, but
   * runs nothing ({@link HollowRuntime}). For scale tests and benchmarks only.
   *
   * @param namespace the only namespace whose pods it takes
   * @param output receives what goes wrong writing to the API server
   */
  public static LocalKubelet hollow(
      KubernetesClient client, String namespace, Consumer<String> output) {
    return start(
        client,
        new HollowRuntime(),
        HOLLOW_NODE,
        HOLLOW_WORKERS,
        client.pods().inNamespace(namespace),
        output);
  }

  private static LocalKubelet start(
      KubernetesClient client,
      PodRuntime runtime,
      String node,
      int workers,
      Informable<Pod> pods,
      Consumer<String> output) {
    LocalKubelet kubelet = new LocalKubelet(client, runtime, node, workers, output);
    // Set before the informer runs: its first events are handled on its own threads, which read
    // the store through this field (inform() handed them out before returning it).
    kubelet.informer = pods.runnableInformer(0);
    kubelet.informer.addEventHandler(kubelet.handler());
    kubelet.informer.run();
    kubelet.prober.scheduleWithFixedDelay(
        kubelet::probeAll, PROBE_PERIOD.toMillis(), PROBE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return kubelet;
  }

  /** The host port a running pod's container port is served on. */
  public Optional<Integer> hostPort(String namespace, String pod, int containerPort) {
    return Optional.ofNullable(pods.get(Cache.namespaceKeyFunc(namespace, pod)))
        .flatMap(admitted -> admitted.running.hostPort(containerPort));
  }

  @Override
  public void close() {
    closed = true;
    if (informer != null) {
      informer.close();
    }
    prober.shutdownNow();
    workers.forEach(ExecutorService::shutdownNow);
    pods.values().forEach(admitted -> stopping.submit(admitted.running::stop));
    pods.clear();
    stopping.shutdown();
    try {
      stopping.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runtime.close();
  }

  private ResourceEventHandler<Pod> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        later(Cache.metaNamespaceKeyFunc(pod), Duration.ZERO);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        later(Cache.metaNamespaceKeyFunc(pod), Duration.ZERO);
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        later(Cache.metaNamespaceKeyFunc(pod), Duration.ZERO);
      }
    };
  }

  private void later(String key, Duration delay) {
    if (!closed) {
      worker(key).schedule(() -> sync(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The thread a pod is synced on: always the same one for a pod. */
  private ScheduledExecutorService worker(String key) {
    return workers.get(Math.floorMod(key.hashCode(), workers.size()));
  }

  /** Brings one pod's containers and status in line with the pod; runs on its worker only. */
  private void sync(String key) {
    try {
      Pod pod = informer.getStore().getByKey(key);
      Admitted admitted = pods.get(key);
      if (admitted != null && (pod == null || !pod.getMetadata().getUid().equals(admitted.uid))) {
        forget(key);
        admitted = null;
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
      if (!node.equals(pod.getSpec().getNodeName())) {
        return;
      }
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        terminate(key, pod);
        return;
      }
      if (admitted == null) {
        admitted = new Admitted(pod.getMetadata().getUid(), runtime.admit(pod, d -> later(key, d)));
        pods.put(key, admitted);
      }
      admitted.running.sync(pod);
      writeStatus(pod, admitted);
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

  /** Stops the containers of a pod gone from the API server, on a thread of their own. */
  private void forget(String key) {
    Admitted admitted = pods.remove(key);
    if (admitted != null) {
      stopping.submit(admitted.running::stop);
    }
  }

  /**
   * Stops the containers of a pod on its way out, on a thread of their own as a real kubelet does
   * (other pods keep being synced meanwhile), then deletes the pod: it disappears from the API
   * server only once its containers are gone.
   */
  private void terminate(String key, Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (!terminating.add(uid)) {
      return;
    }
    Admitted admitted = pods.remove(key);
    stopping.submit(
        () -> {
          try {
            if (admitted != null) {
              admitted.running.stop();
            }
            client.pods().resource(pod).withGracePeriod(0).delete();
          } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
              output.accept("kubelet: " + key + ": " + e.getMessage());
              later(key, Duration.ofSeconds(1));
            }
          } catch (RuntimeException e) {
            output.accept("kubelet: " + key + ": " + e);
            later(key, Duration.ofSeconds(2));
          } finally {
            terminating.remove(uid);
          }
        });
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
            .withName(node)
            .endTarget()
            .build();
    client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding).create();
  }

  private void probeAll() {
    pods.forEach(
        (key, admitted) ->
            worker(key)
                .execute(
                    () -> {
                      if (pods.get(key) == admitted && admitted.running.probe()) {
                        sync(key);
                      }
                    }));
  }

  /** Writes the pod's status when it differs from the one written last. */
  private void writeStatus(Pod pod, Admitted admitted) {
    PodState state = admitted.running.state();
    if (state.ready() != admitted.wasReady) {
      admitted.wasReady = state.ready();
      admitted.readySince = Instant.now();
    }
    if (state.failedMount() != null && !state.failedMount().equals(admitted.failedMount)) {
      warn(pod, "FailedMount", state.failedMount());
    }
    admitted.failedMount = state.failedMount();
    PodStatus status = PodStatuses.of(pod, state, admitted.startTime, admitted.readySince);
    if (!status.equals(admitted.lastWritten)) {
      client
          .pods()
          .resource(pod)
          .editStatus(
              p -> {
                p.setStatus(status);
                return p;
              });
      admitted.lastWritten = status;
    }
  }

  /** A Warning event on the pod, as the kubelet records one. */
  private void warn(Pod pod, String reason, String message) {
    String now = Instant.now().toString();
    client
        .v1()
        .events()
        .inNamespace(pod.getMetadata().getNamespace())
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName() + "." + UUID.randomUUID())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace())
                .withUid(pod.getMetadata().getUid())
                .endInvolvedObject()
                .withType("Warning")
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent("kubelet")
                .withHost(node)
                .endSource()
                .build())
        .create();
  }

  /** A pod this node admitted: its runtime's part, and what its status was last written from. */
  private static final class Admitted {
    final String uid;
    final RunningPod running;
    final Instant startTime = Instant.now();
    Instant readySince = startTime;
    boolean wasReady;
    PodStatus lastWritten;
    String failedMount;

    Admitted(String uid, RunningPod running) {
      this.uid = uid;
      this.running = running;
    }
  }
}
