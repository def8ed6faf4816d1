package io.letspulsar.operator.status;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.letspulsar.operator.api.SecretKeyRef;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.StreamModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a stream's pods are doing and, when they cannot run, why: from the Deployment's status, the
 * kubelet's waiting reasons in the pods' statuses and the Secrets found missing. Pure: the caller
 * observes, this decides.
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

  /**
   * @param pods the stream's pods, read only when {@link #podsNeeded}
   * @param missingSecrets the Secret keys the pods mount that do not exist
   */
  public static Result diagnose(
      StreamModel stream,
      Optional<Deployment> deployment,
      List<Pod> pods,
      List<SecretKeyRef> missingSecrets) {
    int ready = readyReplicas(deployment);
    Optional<Problem> problem =
        missingSecrets.stream()
            .findFirst()
            .map(ref -> missingSecret(stream, ref))
            .or(() -> pods.stream().flatMap(WorkloadDiagnosis::stuck).findFirst())
            .or(() -> ready >= stream.replicas() ? Optional.empty() : notReady(stream, ready));
    return new Result(ready, problem);
  }

  private static int readyReplicas(Optional<Deployment> deployment) {
    return deployment.map(Deployment::getStatus).map(DeploymentStatus::getReadyReplicas).orElse(0);
  }

  private static Problem missingSecret(StreamModel stream, SecretKeyRef ref) {
    return new Problem(
        "SecretNotFound",
        "Secret "
            + ref.name
            + " with key "
            + ref.key
            + " is missing in namespace "
            + stream.namespace()
            + "; the pods cannot start until it exists (kubectl create secret generic "
            + ref.name
            + " --from-file="
            + ref.key
            + "=...)");
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
