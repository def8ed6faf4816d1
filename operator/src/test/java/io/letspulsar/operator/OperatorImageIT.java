package io.letspulsar.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.letspulsar.testing.ImageTar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The image Jib wrote to target/jib-image.tar in the package phase. */
class OperatorImageIT {

  @Test
  void theImageRunsTheOperatorAsANonRootUserWithItsJvmFlagsAndHealthPort() throws Exception {
    ImageTar image = ImageTar.read(Path.of("target/jib-image.tar"));

    assertThat(image.entrypoint())
        .startsWith("java", "@/app/jvm.options")
        .endsWith("io.letspulsar.operator.OperatorMain");
    assertThat(image.cmd()).as("no arguments: settings come from the environment").isEmpty();
    assertThat(image.user()).isEqualTo("65532");
    assertThat(image.exposedPorts()).containsExactlyInAnyOrder("8080/tcp");
    assertThat(image.env()).noneMatch(e -> e.startsWith("JDK_JAVA_OPTIONS="));
    assertThat(image.label("org.opencontainers.image.title")).isEqualTo("purchasestream-operator");
    assertThat(image.label("org.opencontainers.image.version"))
        .isEqualTo(System.getProperty("project.version"));
    assertThat(image.files())
        .anyMatch(f -> f.endsWith("app/classes/io/letspulsar/operator/OperatorMain.class"))
        .anyMatch(f -> f.endsWith("app/resources/log4j2.xml"))
        .anyMatch(f -> f.endsWith("app/jvm.options"))
        .anyMatch(f -> f.matches(".*app/libs/operator-framework-core-.*\\.jar"));
  }
}
