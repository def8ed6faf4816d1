package io.letspulsar.testing;

import static java.util.Objects.requireNonNullElse;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's environment as a kubelet resolves it: the image's variables, {@code HOSTNAME}, then
 * the container's own (a value, a secretKeyRef, a configMapKeyRef or a fieldRef). What it cannot
 * resolve faithfully on this machine it refuses rather than guesses.
 */
final class ContainerEnv {
  private ContainerEnv() {}

  /**
   * The variables, in the order a kubelet sets them (a later one wins).
   *
   * @param imageEnv the image's {@code NAME=value} entries
   * @throws PodSources.Missing when a referenced ConfigMap or Secret (or its key) is missing
   * @throws IllegalStateException for a source or fieldRef this machine cannot supply
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

  private static String value(EnvVar variable, Pod pod, PodSources sources) {
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
    if (from.getFieldRef() != null) {
      return field(variable.getName(), from.getFieldRef().getFieldPath(), pod);
    }
    throw new IllegalStateException(
        "env " + variable.getName() + ": only value, secretKeyRef, configMapKeyRef, fieldRef");
  }

  private static String field(String variable, String path, Pod pod) {
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "status.podIP", "status.hostIP" -> Loopback.ADDRESS;
      default ->
          throw new IllegalStateException(
              "env " + variable + ": fieldRef " + path + " is not supported here");
    };
  }
}
