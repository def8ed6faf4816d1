package io.letspulsar.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a {@link LocalNode} changes on this machine outside its own directory, and puts back: the
 * cgroup its pods live under (one per node, so that two nodes never touch each other's), the kernel
 * settings the kubelet sets at start ({@code vm.overcommit_memory=1}, {@code kernel.panic=10}, …:
 * it refuses to run otherwise), the directories containerd 1.6 makes in fixed places (shims'
 * sockets under {@code /run/containerd/s}, network namespaces under {@code /run/netns}, the CNI
 * cache under {@code /var/lib/cni}: removed when they did not exist before and are empty now), and
 * the mounts kubelet and containerd leave under the node's directory when something went wrong.
 */
final class HostChanges {
  private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
  private static final Path SYSCTL = Path.of("/proc/sys");

  /** The kernel settings the kubelet checks and sets (its {@code setupKernelTunables}). */
  private static final List<String> KUBELET_SYSCTLS =
      List.of(
          "vm/overcommit_memory",
          "vm/panic_on_oom",
          "kernel/panic",
          "kernel/panic_on_oops",
          "kernel/keys/root_maxkeys",
          "kernel/keys/root_maxbytes");

  private static final List<Path> FIXED_DIRS =
      List.of(Path.of("/run/containerd"), Path.of("/run/netns"), Path.of("/var/lib/cni"));

  private final String cgroup;
  private final List<Path> cgroupDirs;
  private final Map<String, String> sysctls;
  private final List<Path> newDirs = FIXED_DIRS.stream().filter(dir -> !Files.exists(dir)).toList();

  private HostChanges(String cgroup, List<Path> cgroupDirs, Map<String, String> sysctls) {
    this.cgroup = cgroup;
    this.cgroupDirs = cgroupDirs;
    this.sysctls = sysctls;
  }

  /**
   * Notes the kernel settings and creates the cgroup {@code /<name>} in every hierarchy (cgroup v1:
   * one per controller; v2: one).
   */
  static HostChanges begin(String name) {
    Map<String, String> sysctls = new LinkedHashMap<>();
    KUBELET_SYSCTLS.forEach(key -> sysctls.put(key, read(SYSCTL.resolve(key))));
    List<Path> dirs = new ArrayList<>();
    HostChanges changes = new HostChanges("/" + name, dirs, sysctls);
    try {
      for (Path hierarchy : hierarchies()) {
        Path dir = Files.createDirectory(hierarchy.resolve(name));
        dirs.add(dir);
        if (Files.exists(dir.resolve("cpuset.cpus"))) {
          // A v1 cpuset starts empty: it gets what its parent has, as runc's own cgroups do.
          for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            Files.writeString(dir.resolve(file), read(hierarchy.resolve(file)));
          }
        }
      }
      return changes;
    } catch (IOException | RuntimeException e) {
      changes.undo(null);
      throw new IllegalStateException("cannot create the node's cgroup " + name, e);
    }
  }

  /** The kubelet's {@code cgroupRoot}. */
  String cgroup() {
    return cgroup;
  }

  /**
   * Puts everything back once every process of the node is gone: unmounts what is still mounted
   * under {@code dir} (when not null), removes the cgroups, sets the kernel settings back.
   */
  void undo(Path dir) {
    if (dir != null) {
      mountsUnder(dir).forEach(mount -> Commands.tryRun("umount", "--lazy", mount));
    }
    cgroupDirs.forEach(HostChanges::deleteEmptyDirectories);
    newDirs.forEach(HostChanges::deleteEmptyDirectories);
    sysctls.forEach(
        (key, value) -> {
          Path file = SYSCTL.resolve(key);
          if (!read(file).equals(value)) {
            try {
              Files.writeString(file, value);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
  }

  /**
   * Deletes the directories of a tree that hold no files, deepest first (a cgroup's directory holds
   * only the kernel's files: it counts as empty once no process is in it).
   */
  private static void deleteEmptyDirectories(Path top) {
    if (!Files.exists(top)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(top)) {
      tree.filter(Files::isDirectory)
          .sorted(Comparator.reverseOrder())
          .forEach(dir -> dir.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mount points under a directory, deepest first. */
  static List<String> mountsUnder(Path dir) {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
      String prefix = dir.toAbsolutePath() + "/";
      return lines
          .map(line -> line.split(" ")[4].replace("\\040", " "))
          .filter(mount -> mount.startsWith(prefix))
          .sorted(Comparator.reverseOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The cgroup v2 root, or each hierarchy of a v1 layout: one per controller, the named ones (e.g.
   * systemd's), and the v2 one of a hybrid layout, where runc makes a container's cgroup too.
   */
  private static List<Path> hierarchies() throws IOException {
    if (Files.exists(CGROUPS.resolve("cgroup.controllers"))) {
      return List.of(CGROUPS);
    }
    try (Stream<Path> dirs = Files.list(CGROUPS)) {
      return dirs.filter(dir -> Files.exists(dir.resolve("cgroup.procs"))).sorted().toList();
    }
  }

  /**
   * A small file read in one go: a sysctl file answers only a read from its start (Files.readString
   * reads one byte of a file of size 0 first, and then gets nothing more).
   */
  private static String read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
