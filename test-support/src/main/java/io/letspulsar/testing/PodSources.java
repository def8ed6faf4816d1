package io.letspulsar.testing;

import static java.util.Objects.requireNonNullElse;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * The ConfigMaps and Secrets of a pod's namespace, as its volumes and env vars read them. One that
 * does not exist (yet) is {@link Missing}: the pod waits for it, as on a real node.
 */
final class PodSources {
  private final Function<String, ConfigMap> configMaps;
  private final Function<String, Secret> secrets;

  /** Sources that look ConfigMaps and Secrets up by name; null when there is none. */
  PodSources(Function<String, ConfigMap> configMaps, Function<String, Secret> secrets) {
    this.configMaps = configMaps;
    this.secrets = secrets;
  }

  /** The ConfigMaps and Secrets of {@code namespace}, read from the API server when asked for. */
  static PodSources of(KubernetesClient client, String namespace) {
    return new PodSources(
        name -> client.configMaps().inNamespace(namespace).withName(name).get(),
        name -> client.secrets().inNamespace(namespace).withName(name).get());
  }

  /** A ConfigMap's entries; none when it has no {@code data}. */
  Map<String, String> configMapData(String name) {
    return requireNonNullElse(found(configMaps.apply(name), "configmap", name).getData(), Map.of());
  }

  /** A Secret's entries, base64-encoded; none when it has no {@code data}. */
  Map<String, String> secretData(String name) {
    return requireNonNullElse(found(secrets.apply(name), "secret", name).getData(), Map.of());
  }

  /** One value of a ConfigMap. */
  String configMapKey(String name, String key) {
    return entry(configMapData(name), key, "configmap", name);
  }

  /** One value of a Secret, decoded as UTF-8 text. */
  String secretKey(String name, String key) {
    return new String(
        Base64.getDecoder().decode(entry(secretData(name), key, "secret", name)),
        StandardCharsets.UTF_8);
  }

  private static <T> T found(T source, String kind, String name) {
    if (source == null) {
      throw new Missing(kind, name);
    }
    return source;
  }

  private static String entry(Map<String, String> data, String key, String kind, String name) {
    if (!data.containsKey(key)) {
      throw new Missing(kind, name);
    }
    return data.get(key);
  }

  /** A ConfigMap or Secret a pod needs does not exist (yet), or lacks the key it needs. */
  static final class Missing extends RuntimeException {
    Missing(String kind, String name) {
      super(kind + " \"" + name + "\" not found");
    }
  }
}
