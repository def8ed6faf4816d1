package io.letspulsar.operator;

import io.letspulsar.contract.Durations;
import io.letspulsar.operator.model.OperatorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, read from the environment the Helm chart sets. Every variable is listed
 * in {@link #VARIABLES}; a bad value stops the operator at start with the variable named.
 *
 * @param namespaces namespaces to watch; empty means all
 * @param leaderElectionNamespace the Lease's namespace when leader election is on
 */
public record OperatorSettings(
    OperatorConfig config,
    Set<String> namespaces,
    Optional<String> leaderElectionNamespace,
    int healthPort) {

  public static final String PULSAR_SERVICE_URL = "PULSAR_SERVICE_URL";
  public static final String PULSAR_ADMIN_URL = "PULSAR_ADMIN_URL";
  public static final String WORKLOAD_IMAGE = "WORKLOAD_IMAGE";
  public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
  public static final String STATS_PERIOD = "STATS_PERIOD";
  public static final String LEADER_ELECTION = "LEADER_ELECTION";
  public static final String POD_NAMESPACE = "POD_NAMESPACE";
  public static final String HEALTH_PORT = "HEALTH_PORT";

  /** Read by log4j2.xml, not here: DEBUG, INFO, WARN or ERROR. */
  public static final String LOG_LEVEL = "OPERATOR_LOG_LEVEL";

  /** Every environment variable the operator reads (the chart's Deployment sets these). */
  public static final List<String> VARIABLES =
      List.of(
          PULSAR_SERVICE_URL,
          PULSAR_ADMIN_URL,
          WORKLOAD_IMAGE,
          WATCH_NAMESPACES,
          STATS_PERIOD,
          LEADER_ELECTION,
          POD_NAMESPACE,
          HEALTH_PORT,
          LOG_LEVEL);

  /** The workload image of the same build, registry and version as this operator's. */
  public static final String DEFAULT_WORKLOAD_IMAGE = buildProperty("workload.image");

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    String serviceUrl = get(env, PULSAR_SERVICE_URL).orElse("pulsar://localhost:6650");
    if (!serviceUrl.matches("^pulsar(\\+ssl)?://.+")) {
      problems.add(PULSAR_SERVICE_URL + "='" + serviceUrl + "': use pulsar://host:6650");
    }
    String adminUrl = get(env, PULSAR_ADMIN_URL).orElse("http://localhost:8080");
    if (!adminUrl.matches("^https?://.+")) {
      problems.add(PULSAR_ADMIN_URL + "='" + adminUrl + "': use http://host:8080");
    }
    Duration statsPeriod =
        get(env, STATS_PERIOD)
            .map(
                text ->
                    Durations.parse(text)
                        .filter(d -> !d.isZero())
                        .orElseGet(
                            () -> {
                              problems.add(
                                  STATS_PERIOD + "='" + text + "': use a duration like 30s or 1m");
                              return Duration.ofSeconds(30);
                            }))
            .orElse(Duration.ofSeconds(30));
    Set<String> namespaces =
        get(env, WATCH_NAMESPACES)
            .map(
                text ->
                    Arrays.stream(text.split(","))
                        .map(String::trim)
                        .filter(ns -> !ns.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
            .orElse(Set.of());
    String election = get(env, LEADER_ELECTION).orElse("false");
    if (!election.equals("true") && !election.equals("false")) {
      problems.add(LEADER_ELECTION + "='" + election + "': use true or false");
    }
    Optional<String> leaseNamespace = Optional.empty();
    if (election.equals("true")) {
      leaseNamespace = get(env, POD_NAMESPACE);
      if (leaseNamespace.isEmpty()) {
        problems.add(
            POD_NAMESPACE
                + " is required with "
                + LEADER_ELECTION
                + "=true (set it from the"
                + " downward API: fieldRef metadata.namespace)");
      }
    }
    int healthPort = 8080;
    Optional<String> port = get(env, HEALTH_PORT);
    if (port.isPresent()) {
      try {
        healthPort = Integer.parseInt(port.get());
      } catch (NumberFormatException e) {
        problems.add(HEALTH_PORT + "='" + port.get() + "': use a port number");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid operator settings:\n  - " + String.join("\n  - ", problems));
    }
    return new OperatorSettings(
        new OperatorConfig(
            serviceUrl,
            adminUrl,
            get(env, WORKLOAD_IMAGE).orElse(DEFAULT_WORKLOAD_IMAGE),
            statsPeriod),
        namespaces,
        leaseNamespace,
        healthPort);
  }

  private static String buildProperty(String name) {
    Properties build = new Properties();
    try (InputStream in = OperatorSettings.class.getResourceAsStream("build.properties")) {
      build.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("build.properties is missing from the operator's jar", e);
    }
    return build.getProperty(name);
  }

  private static Optional<String> get(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }
}
