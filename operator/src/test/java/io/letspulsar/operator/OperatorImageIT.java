package io.letspulsar.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.letspulsar.testing.ImageTar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator image Jib wrote to target/jib-image.tar in the package phase. */
class OperatorImageIT {

  @Test
  void theImageRunsTheOperatorAsANonRootUserWithItsHealthPort() throws Exception {
    ImageTar image = ImageTar.read(Path.of("target/jib-image.tar"));
    JsonNode config = image.config();

    List<String> entrypoint = new ArrayList<>();
    config.get("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
    assertThat(entrypoint).startsWith("java").endsWith("io.letspulsar.operator.OperatorMain");
    assertThat(
            config.path("Cmd").isMissingNode()
                || config.get("Cmd").isNull()
                || config.get("Cmd").isEmpty())
        .as("no arguments: settings come from the environment")
        .isTrue();
    assertThat(config.get("User").asText()).isEqualTo("65532");
    assertThat(config.get("ExposedPorts").fieldNames()).toIterable().containsExactly("8080/tcp");
    assertThat(config.get("Env").toString()).contains("JDK_JAVA_OPTIONS=-XX:MaxRAMPercentage=75");
    assertThat(config.get("Labels").get("org.opencontainers.image.title").asText())
        .isEqualTo("purchasestream-operator");
    assertThat(config.get("Labels").get("org.opencontainers.image.version").asText())
        .isEqualTo(System.getProperty("project.version", "0.1.0-SNAPSHOT"));

    List<String> files = image.layers().stream().flatMap(List::stream).toList();
    assertThat(files)
        .anyMatch(f -> f.endsWith("app/classes/io/letspulsar/operator/OperatorMain.class"))
        .anyMatch(f -> f.endsWith("app/resources/log4j2.xml"))
        .anyMatch(f -> f.matches(".*app/libs/operator-framework-core-.*\\.jar"));
  }
}
