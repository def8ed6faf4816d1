package io.letspulsar.testing;

import static java.util.Objects.requireNonNullElse;

import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A container's command line and env values as this machine needs them, where the container's file
 * system does not exist: a path under a volume mount becomes the volume's directory, any other
 * absolute path the file of the unpacked image; so do the entries of class paths and of
 * {@code @argfile}s (of which a mapped copy is written).
 */
final class HostPaths {
  private final List<VolumeMount> mounts;
  private final Map<String, Path> volumes;
  private final Path rootfs;
  private final Path argFiles;

  /**
   * @param mounts the container's volume mounts; null for none
   * @param volumes the directory of each of the pod's volumes, by volume name
   * @param rootfs where the image is unpacked
   * @param argFiles where mapped copies of {@code @argfile}s go
   */
  HostPaths(List<VolumeMount> mounts, Map<String, Path> volumes, Path rootfs, Path argFiles) {
    this.mounts = requireNonNullElse(mounts, List.of());
    this.volumes = volumes;
    this.rootfs = rootfs;
    this.argFiles = argFiles;
  }

  /** The command line: every token mapped, and {@code java} this JVM's own. */
  List<String> command(List<String> entrypoint, List<String> args) {
    List<String> command =
        Stream.concat(entrypoint.stream(), args.stream())
            .map(this::token)
            .collect(Collectors.toCollection(ArrayList::new));
    if (command.get(0).equals("java")) {
      command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
    return command;
  }

  /**
   * One token of a command line or an env value: an {@code @argfile}, an absolute path or a class
   * path of them mapped, anything else as it is.
   */
  String token(String token) {
    if (token.startsWith("@/")) {
      return "@" + argFile(token.substring(1));
    }
    if (!token.startsWith("/")) {
      return token;
    }
    return Arrays.stream(token.split(":", -1)).map(this::path).collect(Collectors.joining(":"));
  }

  private String path(String path) {
    for (VolumeMount mount : mounts) {
      String mountPath = mount.getMountPath();
      if (path.equals(mountPath) || path.startsWith(mountPath + "/")) {
        return volumes.get(mount.getName()) + path.substring(mountPath.length());
      }
    }
    return rootfs + path;
  }

  private String argFile(String path) {
    try {
      String mapped =
          Arrays.stream(Files.readString(Path.of(path(path))).trim().split("\\s+"))
              .map(this::token)
              .collect(Collectors.joining("\n"));
      Path file = Path.of(argFiles + path);
      Files.createDirectories(file.getParent());
      // Replaced whole, never rewritten in place: a container started a moment ago (the pod's
      // other container, say) may be reading the copy this one replaces.
      Path next = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".next");
      Files.writeString(next, mapped);
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
