package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostPropertiesTest {
  private static final Map<Integer, Integer> HOST_PORTS = Map.of(8080, 31000, 8081, 31001);

  @Test
  void writesTheHostPortOnLinesWhoseKeyEndsInPort() {
    String content =
        """
        health.port=8080
        metrics.port : 8081
        admin.port=9999
        timeout.ms=8080
        """;

    assertThat(HostProperties.rewrite("app.properties", content, HOST_PORTS, Map.of()))
        .isEqualTo(
            """
            health.port=31000
            metrics.port : 31001
            admin.port=9999
            timeout.ms=8080
            """);
  }

  @Test
  void leavesOtherFilesAsTheyAre() {
    String content = "port: 8080\npath: /etc/app/x\n";

    assertThat(
            HostProperties.rewrite(
                "app.yaml", content, HOST_PORTS, Map.of("/etc/app", Path.of("/tmp/v"))))
        .isEqualTo(content);
  }

  @Test
  void writesTheVolumeDirectoryForPathsUnderAMountTheLongestMountFirst() {
    Map<String, Path> mounts =
        Map.of("/etc/app", Path.of("/v/config"), "/etc/app/secrets", Path.of("/v/credentials"));
    String content =
        """
        config=/etc/app/app.conf
        token=/etc/app/secrets/token
        other=/etc/application/x
        """;

    assertThat(HostProperties.rewrite("app.properties", content, Map.of(), mounts))
        .isEqualTo(
            """
            config=/v/config/app.conf
            token=/v/credentials/token
            other=/etc/application/x
            """);
  }

  @Test
  void mapsAPathOnlyOnceEvenWhenItsDirectoryLiesUnderAnotherMount() {
    Map<String, Path> mounts = Map.of("/config", Path.of("/tmp/config"), "/tmp", Path.of("/v/tmp"));

    assertThat(HostProperties.rewrite("app.properties", "file=/config/a\n", Map.of(), mounts))
        .isEqualTo("file=/tmp/config/a\n");
  }
}
