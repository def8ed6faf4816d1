package io.letspulsar.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.letspulsar.testing.PodState.Refusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs the containers of pods as local processes of one image, unpacked from its image tar under a
 * temporary directory that {@link #close()} deletes (see {@link ProcessPod} and {@link
 * ProcessContainer}). Refuses pods that ask for another image, for a kind of volume other than
 * configMap, secret and emptyDir, or for an env var it cannot supply ({@link ContainerEnv}).
 */
final class ProcessRuntime implements PodRuntime {
  final KubernetesClient client;
  final String image;
  final ImageTar imageTar;
  final Path rootfs;
  final Consumer<String> output;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Path home;

  private ProcessRuntime(
      KubernetesClient client, String image, ImageTar imageTar, Path home, Consumer<String> out) {
    this.client = client;
    this.image = image;
    this.imageTar = imageTar;
    this.home = home;
    this.rootfs = home.resolve("rootfs");
    this.output = out;
  }

  /**
   * Unpacks the image.
   *
   * @param client reads the ConfigMaps and Secrets the pods use
   * @param image the image name pods use for the image in {@code imageTar}
   * @param output receives every line the containers print, prefixed with pod and container
   */
  static ProcessRuntime start(
      KubernetesClient client, String image, Path imageTar, Consumer<String> output) {
    try {
      Path home = Files.createTempDirectory("local-kubelet-");
      ImageTar tar = ImageTar.read(imageTar);
      tar.unpack(home.resolve("rootfs"));
      return new ProcessRuntime(client, image, tar, home, output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Why this runtime will not run a pod, as the reason a real kubelet would give; null when it
   * will.
   */
  static Refusal refusal(Pod pod, String image) {
    Refusal refusal = null;
    for (Volume volume :
        Objects.requireNonNullElse(pod.getSpec().getVolumes(), List.<Volume>of())) {
      if (!Volumes.supported(volume)) {
        refusal =
            new Refusal(
                "CreateContainerConfigError",
                "volume "
                    + volume.getName()
                    + ": this local kubelet mounts configMap, secret and emptyDir volumes only");
      }
    }
    for (Container container : pod.getSpec().getContainers()) {
      for (EnvVar variable : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
        String unsupported = ContainerEnv.unsupported(variable);
        if (unsupported != null) {
          refusal = new Refusal("CreateContainerConfigError", unsupported);
        }
      }
    }
    for (Container container : pod.getSpec().getContainers()) {
      if (!image.equals(container.getImage())) {
        refusal =
            new Refusal(
                "ErrImageNeverPull",
                "this local kubelet runs only "
                    + image
                    + "; container "
                    + container.getName()
                    + " asks for "
                    + container.getImage());
      }
    }
    return refusal;
  }

  @Override
  public RunningPod admit(Pod pod, Consumer<Duration> resync) {
    return new ProcessPod(this, pod, resync);
  }

  /** The directory a pod's volumes and files go in. */
  Path podDir(String uid) {
    return home.resolve("pods").resolve(uid);
  }

  @Override
  public void close() {
    Directories.delete(home);
  }
}
