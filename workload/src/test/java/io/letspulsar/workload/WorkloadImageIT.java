package io.letspulsar.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.letspulsar.testing.ImageTar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The image Jib wrote to target/jib-image.tar in the package phase. */
class WorkloadImageIT {

  @Test
  void theImageRunsTheWorkloadAsANonRootUserWithItsJvmFlagsAndHealthPorts() throws Exception {
    ImageTar image = ImageTar.read(Path.of("target/jib-image.tar"));

    assertThat(image.entrypoint())
        .startsWith("java", "@/app/jvm.options")
        .endsWith("io.letspulsar.workload.Main");
    assertThat(image.cmd()).as("the pod gives the subcommand and --config").isEmpty();
    assertThat(image.user()).isEqualTo("65532");
    assertThat(image.exposedPorts()).containsExactlyInAnyOrder("8080/tcp", "8081/tcp");
    assertThat(image.env())
        .contains("MALLOC_ARENA_MAX=1")
        .noneMatch(e -> e.startsWith("JDK_JAVA_OPTIONS="));
    assertThat(image.label("org.opencontainers.image.title")).isEqualTo("purchasestream-workload");
    assertThat(image.label("org.opencontainers.image.version"))
        .isEqualTo(System.getProperty("project.version"));
    assertThat(image.files())
        .anyMatch(f -> f.endsWith("app/classes/io/letspulsar/workload/Main.class"))
        .anyMatch(f -> f.endsWith("app/resources/log4j2.xml"))
        .anyMatch(f -> f.endsWith("app/jvm.options"))
        .anyMatch(f -> f.matches(".*app/libs/pulsar-client-original-.*\\.jar"));
  }
}
