package io.letspulsar.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.letspulsar.operator.model.PulsarCluster;
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
    assertThat(settings.config().topicCheckPeriod()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.reconcileThreads()).isEqualTo(16);
    assertThat(settings.config().workloadImage())
        .isEqualTo(OperatorSettings.DEFAULT_WORKLOAD_IMAGE);
    assertThat(settings.healthPort()).isEqualTo(8080);
    assertThat(settings.healthAddress()).isEqualTo("0.0.0.0");
  }

  @Test
  void everyVariableIsRead() {
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("PULSAR_SERVICE_URL", "pulsar+ssl://pulsar:6651"),
            Map.entry("PULSAR_ADMIN_URL", "https://pulsar:8443"),
            Map.entry("PULSAR_AUTH_METHOD", "oauth2"),
            Map.entry("PULSAR_AUTH_DIR", "/etc/auth"),
            Map.entry("PULSAR_OAUTH2_ISSUER_URL", "https://auth.example/"),
            Map.entry("PULSAR_OAUTH2_AUDIENCE", "urn:pulsar"),
            Map.entry("PULSAR_OAUTH2_SCOPE", "admin"),
            Map.entry("PULSAR_TLS_TRUST_CERTS_FILE", "/etc/tls/ca.crt"),
            Map.entry("PULSAR_TLS_VERIFY_HOSTNAME", "false"),
            Map.entry("PULSAR_TENANCY", "shop=retail/*"),
            Map.entry("WORKLOAD_IMAGE", "registry.example/workload:2"),
            Map.entry("WATCH_NAMESPACES", "shop, audit"),
            Map.entry("STATS_PERIOD", "1m"),
            Map.entry("TOPIC_CHECK_PERIOD", "5m"),
            Map.entry("RECONCILE_THREADS", "32"),
            Map.entry("LEADER_ELECTION", "true"),
            Map.entry("POD_NAMESPACE", "operators"),
            Map.entry("HEALTH_PORT", "9090"),
            Map.entry("HEALTH_ADDRESS", "::"),
            Map.entry("WORKLOAD_NETWORK_POLICY", "true"));
    OperatorSettings settings = OperatorSettings.fromEnvironment(env);

    PulsarCluster own = settings.config().pulsar();
    assertThat(own.serviceUrl()).isEqualTo("pulsar+ssl://pulsar:6651");
    assertThat(own.adminUrl()).isEqualTo("https://pulsar:8443");
    assertThat(own.credentials())
        .isEqualTo(
            new PulsarCluster.OAuth2(
                "https://auth.example/",
                "urn:pulsar",
                "admin",
                Path.of("/etc/auth/credentials.json")));
    assertThat(own.trustCerts()).contains(Path.of("/etc/tls/ca.crt"));
    assertThat(own.verifyHostname()).isFalse();
    assertThat(own.allows("shop", Streams.model(Streams.securedKeyShared()).topic())).isTrue();
    assertThat(own.allows("audit", Streams.model(Streams.securedKeyShared()).topic())).isFalse();
    assertThat(settings.connectionsNamespace()).isEqualTo("operators");
    assertThat(settings.config().workloadNetworkPolicy()).isTrue();
    assertThat(settings.config().workloadImage()).isEqualTo("registry.example/workload:2");
    assertThat(settings.namespaces()).containsExactlyInAnyOrder("shop", "audit");
    assertThat(settings.config().statsPeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.config().topicCheckPeriod()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.reconcileThreads()).isEqualTo(32);
    assertThat(settings.leaderElectionNamespace()).isEqualTo(Optional.of("operators"));
    assertThat(settings.healthPort()).isEqualTo(9090);
    assertThat(settings.healthAddress()).isEqualTo("::");
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
        Files.readString(Path.of("../docs/operating.md"))
            .lines()
            .dropWhile(line -> !line.startsWith("| environment variable |"))
            .skip(2)
            .takeWhile(line -> line.startsWith("|"))
            .map(line -> line.split("\\|")[1].strip().replace("`", ""))
            .toList();

    assertThat(documented)
        .as("docs/operating.md's environment variable table")
        .containsExactlyInAnyOrderElementsOf(OperatorSettings.VARIABLES);
  }

  @Test
  void badValuesAreRefusedNamingTheVariable() {
    assertThatThrownBy(
            () ->
                OperatorSettings.fromEnvironment(
                    Map.of(
                        "PULSAR_ADMIN_URL", "https://user:secret@pulsar:8443",
                        "PULSAR_AUTH_METHOD", "kerberos",
                        "PULSAR_TENANCY", "shop:retail",
                        "STATS_PERIOD", "30",
                        "RECONCILE_THREADS", "0",
                        "HEALTH_PORT", "http",
                        "LEADER_ELECTION", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PULSAR_ADMIN_URL=")
        .hasMessageContaining("without credentials in it")
        .hasMessageContaining("PULSAR_AUTH_METHOD='kerberos': use none, token, oauth2 or tls")
        .hasMessageContaining("PULSAR_TENANCY: rule 'shop:retail'")
        .hasMessageContaining("STATS_PERIOD='30'")
        .hasMessageContaining("RECONCILE_THREADS='0': use a number from 1 to 1000")
        .hasMessageContaining("HEALTH_PORT='http'")
        .hasMessageContaining("LEADER_ELECTION='yes'");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("LEADER_ELECTION", "true")))
        .hasMessageContaining("POD_NAMESPACE is required");
    assertThatThrownBy(
            () -> OperatorSettings.fromEnvironment(Map.of("PULSAR_AUTH_METHOD", "oauth2")))
        .hasMessageContaining("PULSAR_OAUTH2_ISSUER_URL is required");
  }
}
