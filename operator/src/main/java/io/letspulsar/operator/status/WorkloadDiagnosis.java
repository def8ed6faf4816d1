package io.letspulsar.operator.status;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.model.WorkloadDeployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a stream's pods are doing and, when they cannot run, why: from the Deployment's status, the
 * kubelet's waiting reasons in the pods' statuses and its FailedMount events for the Secrets the
 * pods mount. Pure: the caller observes, this decides.
 */
public final class WorkloadDiagnosis {
  /** Kubelet waiting reasons that need a person, and the condition reason they become. */
  private static final Map<String, String> STUCK =
      Map.of(
          "ErrImagePull", "ImagePullFailed",
          "ImagePullBackOff", "ImagePullFailed",
          "InvalidImageName", "ImagePullFailed",
          "ErrImageNeverPull", "ImagePullFailed",
          "CrashLoopBackOff", "ContainerCrashLooping",
          "CreateContainerConfigError", "ContainerConfigError");

  /**
   * @param readyReplicas pods of the Deployment that are ready
   * @param problem why fewer pods are ready than asked for; empty when all are
   */
  public record Result(int readyReplicas, Optional<Problem> problem) {}

  private WorkloadDiagnosis() {}

  /** Whether the pods are worth reading: the Deployment says some cannot be made available. */
  public static boolean podsNeeded(StreamModel stream, Optional<Deployment> deployment) {
    boolean unavailable =
        deployment
            .map(Deployment::getStatus)
            .map(DeploymentStatus::getUnavailableReplicas)
            .filter(count -> count > 0)
            .isPresent();
    return unavailable && readyReplicas(deployment) < stream.replicas();
  }

  /** The kubelet's event reason when a pod's volume cannot be mounted, e.g. a missing Secret. */
  public static final String FAILED_MOUNT = "FailedMount";

  /**
   * @param pods the stream's pods, read only when {@link #podsNeeded}
   * @param failedMounts {@link #FAILED_MOUNT} events of the namespace, read with the pods
   */
  public static Result diagnose(
      StreamModel stream,
      Optional<Deployment> deployment,
      List<Pod> pods,
      List<Event> failedMounts) {
    int ready = readyReplicas(deployment);
    Optional<Problem> problem =
        missingSecret(stream, pods, failedMounts)
            .or(() -> pods.stream().flatMap(WorkloadDiagnosis::stuck).findFirst())
            .or(() -> ready >= stream.replicas() ? Optional.empty() : notReady(stream, ready));
    return new Result(ready, problem);
  }

  private static int readyReplicas(Optional<Deployment> deployment) {
    return deployment.map(Deployment::getStatus).map(DeploymentStatus::getReadyReplicas).orElse(0);
  }

  /**
   * A Secret the kubelet cannot mount into one of the stream's pods: the event names the pod and
   * the volume, the stream's model which Secret that volume is.
   */
  private static Optional<Problem> missingSecret(
      StreamModel stream, List<Pod> pods, List<Event> failedMounts) {
    List<String> podNames = pods.stream().map(pod -> pod.getMetadata().getName()).toList();
    for (Event event : failedMounts) {
      if (!FAILED_MOUNT.equals(event.getReason())
          || event.getInvolvedObject() == null
          || !podNames.contains(event.getInvolvedObject().getName())) {
        continue;
      }
      for (Volume volume : WorkloadDeployment.secretVolumes(stream)) {
        if (String.valueOf(event.getMessage()).contains("\"" + volume.getName() + "\"")) {
          String secret = volume.getSecret().getSecretName();
          String keys =
              volume.getSecret().getItems().stream()
                  .map(KeyToPath::getKey)
                  .collect(java.util.stream.Collectors.joining(", "));
          return Optional.of(
              new Problem(
                  "SecretNotFound",
                  "pod "
                      + event.getInvolvedObject().getName()
                      + " cannot mount Secret "
                      + secret
                      + " (keys "
                      + keys
                      + ") in namespace "
                      + stream.namespace()
                      + ": "
                      + event.getMessage()
                      + "; the pods start once it exists (kubectl create secret generic "
                      + secret
                      + " --from-file=<key>=...)"));
        }
      }
    }
    return Optional.empty();
  }

  private static java.util.stream.Stream<Problem> stuck(Pod pod) {
    return Optional.ofNullable(pod.getStatus())
        .map(PodStatus::getContainerStatuses)
        .orElse(List.of())
        .stream()
        .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
        .filter(c -> STUCK.containsKey(c.getState().getWaiting().getReason()))
        .map(c -> stuck(pod, c));
  }

  private static Problem stuck(Pod pod, ContainerStatus container) {
    ContainerStateWaiting waiting = container.getState().getWaiting();
    return new Problem(
        STUCK.get(waiting.getReason()),
        "pod "
            + pod.getMetadata().getName()
            + ", container "
            + container.getName()
            + ": "
            + waiting.getReason()
            + Optional.ofNullable(waiting.getMessage()).map(m -> ": " + m).orElse(""));
  }

  private static Optional<Problem> notReady(StreamModel stream, int ready) {
    return Optional.of(
        new Problem(
            "PodsNotReady",
            ready
                + " of "
                + stream.replicas()
                + " pods ready; see `kubectl describe deployment "
                + Names.deployment(stream)
                + "` and the pods' events"));
  }
}
