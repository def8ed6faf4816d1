package io.letspulsar.testing;

import static java.util.Objects.requireNonNullElse;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's volumes as directories under the pod's directory: the files of its ConfigMaps (their
 * {@code .properties} {@linkplain HostProperties rewritten for this host}) and Secrets, and empty
 * dirs. Other kinds of volume are not supported.
 */
final class Volumes {
  private Volumes() {}

  /** Whether a volume is of a kind this machine can supply. */
  static boolean supported(Volume volume) {
    return volume.getConfigMap() != null
        || volume.getSecret() != null
        || volume.getEmptyDir() != null;
  }

  /**
   * Writes every volume of the pod, over what an earlier attempt wrote.
   *
   * @param hostPorts the host port of each container port of the pod
   * @return each volume's directory, by volume name
   * @throws MountFailed when a ConfigMap or Secret is missing
   */
  static Map<String, Path> write(
      Pod pod, Path podDir, PodSources sources, Map<Integer, Integer> hostPorts) {
    Map<String, Path> mounts = new HashMap<>();
    for (Container container : pod.getSpec().getContainers()) {
      List<VolumeMount> containerMounts =
          requireNonNullElse(container.getVolumeMounts(), List.of());
      for (VolumeMount mount : containerMounts) {
        mounts.putIfAbsent(mount.getMountPath(), dir(podDir, mount.getName()));
      }
    }
    Map<String, Path> volumes = new HashMap<>();
    for (Volume volume : requireNonNullElse(pod.getSpec().getVolumes(), List.<Volume>of())) {
      try {
        volumes.put(volume.getName(), write(volume, podDir, sources, hostPorts, mounts));
      } catch (PodSources.Missing e) {
        throw new MountFailed(volume.getName(), e);
      }
    }
    return volumes;
  }

  private static Path write(
      Volume volume,
      Path podDir,
      PodSources sources,
      Map<Integer, Integer> hostPorts,
      Map<String, Path> mounts) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    {
      if (volume.getConfigMap() != null) {
        sources
            .configMapData(volume.getConfigMap().getName())
            .forEach(
                (name, content) ->
                    files.put(
                        name,
                        HostProperties.rewrite(name, content, hostPorts, mounts)
                            .getBytes(StandardCharsets.UTF_8)));
      } else if (volume.getSecret() != null) {
        sources
            .secretData(volume.getSecret().getSecretName())
            .forEach((name, content) -> files.put(name, Base64.getDecoder().decode(content)));
      }
    }
    Path target = dir(podDir, volume.getName());
    write(target, files);
    return target;
  }

  /** A volume whose ConfigMap or Secret is missing, worded as the kubelet's FailedMount event. */
  static final class MountFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MountFailed(String volume, PodSources.Missing missing) {
      super("MountVolume.SetUp failed for volume \"" + volume + "\" : " + missing.getMessage());
    }
  }

  private static Path dir(Path podDir, String volume) {
    return podDir.resolve("volumes").resolve(volume);
  }

  private static void write(Path dir, Map<String, byte[]> files) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Files.write(dir.resolve(file.getKey()), file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
