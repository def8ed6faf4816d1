package io.letspulsar.testing;

import static java.util.Objects.requireNonNullElse;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A container's environment as a kubelet resolves it: the image's variables, {@code HOSTNAME}, then
 * the container's own (a value, a secretKeyRef, a configMapKeyRef or a fieldRef). What it cannot
 * resolve faithfully on this machine it refuses rather than guesses.
 */
final class ContainerEnv {
  /** The fieldRefs this machine supplies, and how. */
  private static final Map<String, Function<Pod, String>> FIELDS =
      Map.of(
          "metadata.name", pod -> pod.getMetadata().getName(),
          "metadata.namespace", pod -> pod.getMetadata().getNamespace(),
          "metadata.uid", pod -> pod.getMetadata().getUid(),
          "spec.nodeName", pod -> pod.getSpec().getNodeName(),
          "status.podIP", pod -> Loopback.ADDRESS,
          "status.hostIP", pod -> Loopback.ADDRESS);

  private ContainerEnv() {}

  /**
   * The variables, in the order a kubelet sets them (a later one wins).
   *
   * @param imageEnv the image's {@code NAME=value} entries
   * @throws PodSources.Missing when a referenced ConfigMap or Secret (or its key) is missing
   * @throws IllegalStateException for a source or fieldRef this machine cannot supply ({@link
   *     #unsupported}; {@link ProcessRuntime#refusal} refuses such pods before they get here)
   */
  static Map<String, String> resolve(
      List<String> imageEnv, Pod pod, Container container, PodSources sources) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : imageEnv) {
      int equals = entry.indexOf('=');
      env.put(entry.substring(0, equals), entry.substring(equals + 1));
    }
    env.put("HOSTNAME", pod.getMetadata().getName());
    for (EnvVar variable : requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
      env.put(variable.getName(), value(variable, pod, sources));
    }
    return env;
  }

  /**
   * Why this machine cannot supply a variable, as the message of a container's {@code
   * CreateContainerConfigError}; null when it can.
   */
  static String unsupported(EnvVar variable) {
    EnvVarSource from = variable.getValueFrom();
    if (from == null || from.getSecretKeyRef() != null || from.getConfigMapKeyRef() != null) {
      return null;
    }
    if (from.getFieldRef() == null) {
      return "env "
          + variable.getName()
          + ": this local kubelet supports value, secretKeyRef, configMapKeyRef and fieldRef only";
    }
    String path = from.getFieldRef().getFieldPath();
    return FIELDS.containsKey(path)
        ? null
        : "env "
            + variable.getName()
            + ": fieldRef "
            + path
            + " is not supported by this local kubelet";
  }

  private static String value(EnvVar variable, Pod pod, PodSources sources) {
    String unsupported = unsupported(variable);
    if (unsupported != null) {
      throw new IllegalStateException(unsupported);
    }
    EnvVarSource from = variable.getValueFrom();
    if (from == null) {
      return requireNonNullElse(variable.getValue(), "");
    }
    if (from.getSecretKeyRef() != null) {
      return sources.secretKey(from.getSecretKeyRef().getName(), from.getSecretKeyRef().getKey());
    }
    if (from.getConfigMapKeyRef() != null) {
      return sources.configMapKey(
          from.getConfigMapKeyRef().getName(), from.getConfigMapKeyRef().getKey());
    }
    return FIELDS.get(from.getFieldRef().getFieldPath()).apply(pod);
  }
}
