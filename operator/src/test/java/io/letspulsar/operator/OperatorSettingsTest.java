package io.letspulsar.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void defaultsWatchAllNamespacesWithoutLeaderElection() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());

    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.leaderElectionNamespace()).isEmpty();
    assertThat(settings.config().statsPeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.config().workloadImage())
        .isEqualTo(OperatorSettings.DEFAULT_WORKLOAD_IMAGE);
    assertThat(settings.healthPort()).isEqualTo(8080);
  }

  @Test
  void everyVariableIsRead() {
    Map<String, String> env =
        Map.of(
            "PULSAR_SERVICE_URL", "pulsar://pulsar:6650",
            "PULSAR_ADMIN_URL", "http://pulsar:8080",
            "WORKLOAD_IMAGE", "registry.example/workload:2",
            "WATCH_NAMESPACES", "shop, audit",
            "STATS_PERIOD", "1m",
            "LEADER_ELECTION", "true",
            "POD_NAMESPACE", "operators",
            "HEALTH_PORT", "9090");
    OperatorSettings settings = OperatorSettings.fromEnvironment(env);

    assertThat(settings.config().serviceUrl()).isEqualTo("pulsar://pulsar:6650");
    assertThat(settings.config().adminUrl()).isEqualTo("http://pulsar:8080");
    assertThat(settings.config().workloadImage()).isEqualTo("registry.example/workload:2");
    assertThat(settings.namespaces()).containsExactlyInAnyOrder("shop", "audit");
    assertThat(settings.config().statsPeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.leaderElectionNamespace()).isEqualTo(Optional.of("operators"));
    assertThat(settings.healthPort()).isEqualTo(9090);
    assertThat(env.keySet())
        .as("this test sets every variable the operator reads (log4j2.xml reads the log level)")
        .containsExactlyInAnyOrderElementsOf(
            OperatorSettings.VARIABLES.stream()
                .filter(variable -> !variable.equals(OperatorSettings.LOG_LEVEL))
                .toList());
  }

  /** The chart sets exactly these variables: HelmChartTest. */
  @Test
  void theReadmeDocumentsExactlyTheVariablesTheOperatorReads() throws IOException {
    List<String> documented =
        Files.readString(Path.of("../README.md"))
            .lines()
            .dropWhile(line -> !line.startsWith("| environment variable |"))
            .skip(2)
            .takeWhile(line -> line.startsWith("|"))
            .map(line -> line.split("\\|")[1].strip().replace("`", ""))
            .toList();

    assertThat(documented)
        .as("README.md's environment variable table")
        .containsExactlyInAnyOrderElementsOf(OperatorSettings.VARIABLES);
  }

  @Test
  void badValuesAreRefusedNamingTheVariable() {
    assertThatThrownBy(
            () ->
                OperatorSettings.fromEnvironment(
                    Map.of(
                        "PULSAR_ADMIN_URL", "pulsar:8080",
                        "STATS_PERIOD", "30",
                        "LEADER_ELECTION", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PULSAR_ADMIN_URL='pulsar:8080'")
        .hasMessageContaining("STATS_PERIOD='30'")
        .hasMessageContaining("LEADER_ELECTION='yes'");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("LEADER_ELECTION", "true")))
        .hasMessageContaining("POD_NAMESPACE is required");
  }
}
