package io.letspulsar.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "PULSAR_SERVICE_URL", "pulsar://pulsar:6650",
                "PULSAR_ADMIN_URL", "http://pulsar:8080",
                "WORKLOAD_IMAGE", "registry.example/workload:2",
                "WATCH_NAMESPACES", "shop, audit",
                "STATS_PERIOD", "1m",
                "LEADER_ELECTION", "true",
                "POD_NAMESPACE", "operators",
                "HEALTH_PORT", "9090"));

    assertThat(settings.config().serviceUrl()).isEqualTo("pulsar://pulsar:6650");
    assertThat(settings.config().adminUrl()).isEqualTo("http://pulsar:8080");
    assertThat(settings.config().workloadImage()).isEqualTo("registry.example/workload:2");
    assertThat(settings.namespaces()).containsExactlyInAnyOrder("shop", "audit");
    assertThat(settings.config().statsPeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.leaderElectionNamespace()).isEqualTo(Optional.of("operators"));
    assertThat(settings.healthPort()).isEqualTo(9090);
    assertThat(OperatorSettings.VARIABLES).hasSize(9);
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
