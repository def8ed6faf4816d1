package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPathsTest {
  @TempDir Path pod;

  private HostPaths paths() {
    return new HostPaths(
        List.of(new VolumeMountBuilder().withName("config").withMountPath("/config").build()),
        Map.of("config", pod.resolve("volumes/config")),
        pod.resolve("rootfs"),
        pod.resolve("argfiles"));
  }

  @Test
  void mapsPathsUnderAMountToTheVolumeAndOthersIntoTheImage() {
    HostPaths paths = paths();

    assertThat(paths.token("/config/app.properties"))
        .isEqualTo(pod.resolve("volumes/config/app.properties").toString());
    assertThat(paths.token("/app/libs/a.jar:/config"))
        .isEqualTo(pod.resolve("rootfs/app/libs/a.jar") + ":" + pod.resolve("volumes/config"));
    assertThat(paths.token("-Xmx64m")).isEqualTo("-Xmx64m");
  }

  @Test
  void writesAMappedCopyOfAnArgFile() throws IOException {
    Files.createDirectories(pod.resolve("rootfs/app"));
    Files.writeString(pod.resolve("rootfs/app/jvm-args"), "-cp /app/classes:/app/libs/*\n");

    String token = paths().token("@/app/jvm-args");

    assertThat(token).isEqualTo("@" + pod.resolve("argfiles/app/jvm-args"));
    assertThat(Files.readString(Path.of(token.substring(1))))
        .isEqualTo(
            "-cp\n" + pod.resolve("rootfs/app/classes") + ":" + pod.resolve("rootfs/app/libs/*"));
  }

  @Test
  void replacesAnArgFileCopyWholeSoThatAProcessReadingTheLastOneReadsAllOfIt() throws IOException {
    Path source = pod.resolve("rootfs/app/jvm-args");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "-cp /app/classes\n");
    Path copy = Path.of(paths().token("@/app/jvm-args").substring(1));
    String first = Files.readString(copy);

    try (InputStream reading = Files.newInputStream(copy)) {
      Files.writeString(source, "-cp /app/libs/*\n");
      paths().token("@/app/jvm-args");

      assertThat(new String(reading.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(first);
    }
    assertThat(Files.readString(copy)).isEqualTo("-cp\n" + pod.resolve("rootfs/app/libs/*"));
    try (Stream<Path> files = Files.list(copy.getParent())) {
      assertThat(files).containsExactly(copy);
    }
  }

  @Test
  void runsJavaWithThisJvm() {
    List<String> command = paths().command(List.of("java"), List.of("-jar", "/app/app.jar"));

    assertThat(command)
        .containsExactly(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            pod.resolve("rootfs/app/app.jar").toString());
  }
}
