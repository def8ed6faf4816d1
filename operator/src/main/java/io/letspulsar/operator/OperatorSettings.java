package io.letspulsar.operator;

import io.letspulsar.contract.Durations;
import io.letspulsar.operator.connection.OwnPulsar;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.PulsarCluster;
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
import java.util.stream.Stream;

/**
 * The operator's settings, read from the environment the Helm chart sets. Every variable is listed
 * in {@link #VARIABLES}; a bad value stops the operator at start with the variable named.
 *
 * @param namespaces namespaces to watch; empty means all
 * @param leaderElectionNamespace the Lease's namespace when leader election is on
 * @param connectionsNamespace where PulsarConnections (and their Secrets) are read: the operator's
 *     own namespace
 * @param reconcileThreads how many streams are reconciled at once
 * @param healthAddress where the health and metrics port binds: every address of the pod by default
 */
public record OperatorSettings(
    OperatorConfig config,
    Set<String> namespaces,
    Optional<String> leaderElectionNamespace,
    String connectionsNamespace,
    int reconcileThreads,
    int healthPort,
    String healthAddress) {

  public static final String WORKLOAD_IMAGE = "WORKLOAD_IMAGE";
  public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
  public static final String STATS_PERIOD = "STATS_PERIOD";
  public static final String TOPIC_CHECK_PERIOD = "TOPIC_CHECK_PERIOD";
  public static final String RECONCILE_THREADS = "RECONCILE_THREADS";
  public static final String LEADER_ELECTION = "LEADER_ELECTION";
  public static final String POD_NAMESPACE = "POD_NAMESPACE";
  public static final String HEALTH_PORT = "HEALTH_PORT";
  public static final String HEALTH_ADDRESS = "HEALTH_ADDRESS";
  public static final String WORKLOAD_NETWORK_POLICY = "WORKLOAD_NETWORK_POLICY";

  /** Read by log4j2.xml, not here: DEBUG, INFO, WARN or ERROR. */
  public static final String LOG_LEVEL = "OPERATOR_LOG_LEVEL";

  /** Every environment variable the operator reads (the chart's Deployment sets these). */
  public static final List<String> VARIABLES =
      Stream.concat(
              OwnPulsar.VARIABLES.stream(),
              Stream.of(
                  WORKLOAD_IMAGE,
                  WATCH_NAMESPACES,
                  STATS_PERIOD,
                  TOPIC_CHECK_PERIOD,
                  RECONCILE_THREADS,
                  LEADER_ELECTION,
                  POD_NAMESPACE,
                  HEALTH_PORT,
                  HEALTH_ADDRESS,
                  WORKLOAD_NETWORK_POLICY,
                  LOG_LEVEL))
          .toList();

  /** The workload image of the same build, registry and version as this operator's. */
  public static final String DEFAULT_WORKLOAD_IMAGE = buildProperty("workload.image");

  /** Where PulsarConnections are read when the operator does not know its own namespace. */
  public static final String DEFAULT_CONNECTIONS_NAMESPACE = "default";

  /** How often the topic figures in each status are refreshed. */
  public static final Duration DEFAULT_STATS_PERIOD = Duration.ofSeconds(30);

  /** How often, on average, an unchanged stream's topic is checked against its spec. */
  public static final Duration DEFAULT_TOPIC_CHECK_PERIOD = Duration.ofMinutes(10);

  /** Streams reconciled at once: enough to keep admin calls of thousands of streams in flight. */
  public static final int DEFAULT_RECONCILE_THREADS = 16;

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    PulsarCluster pulsar = OwnPulsar.fromEnvironment(name -> get(env, name), problems);
    Duration statsPeriod = duration(env, STATS_PERIOD, DEFAULT_STATS_PERIOD, problems);
    Duration topicCheckPeriod =
        duration(env, TOPIC_CHECK_PERIOD, DEFAULT_TOPIC_CHECK_PERIOD, problems);
    int threads = number(env, RECONCILE_THREADS, DEFAULT_RECONCILE_THREADS, 1, 1000, problems);
    Set<String> namespaces =
        get(env, WATCH_NAMESPACES)
            .map(
                text ->
                    Arrays.stream(text.split(","))
                        .map(String::trim)
                        .filter(ns -> !ns.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
            .orElse(Set.of());
    boolean election = flag(env, LEADER_ELECTION, problems);
    Optional<String> podNamespace = get(env, POD_NAMESPACE);
    if (election && podNamespace.isEmpty()) {
      problems.add(
          POD_NAMESPACE
              + " is required with "
              + LEADER_ELECTION
              + "=true (set it from the downward API: fieldRef metadata.namespace)");
    }
    boolean networkPolicy = flag(env, WORKLOAD_NETWORK_POLICY, problems);
    int healthPort = number(env, HEALTH_PORT, 8080, 0, 65535, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid operator settings:\n  - " + String.join("\n  - ", problems));
    }
    return new OperatorSettings(
        new OperatorConfig(
            pulsar,
            get(env, WORKLOAD_IMAGE).orElse(DEFAULT_WORKLOAD_IMAGE),
            statsPeriod,
            topicCheckPeriod,
            networkPolicy),
        namespaces,
        election ? podNamespace : Optional.empty(),
        podNamespace.orElse(DEFAULT_CONNECTIONS_NAMESPACE),
        threads,
        healthPort,
        get(env, HEALTH_ADDRESS).orElse("0.0.0.0"));
  }

  /** A positive duration such as 30s or 1m. */
  private static Duration duration(
      Map<String, String> env, String name, Duration fallback, List<String> problems) {
    Optional<String> text = get(env, name);
    Optional<Duration> value = text.flatMap(Durations::parse).filter(d -> !d.isZero());
    if (text.isPresent() && value.isEmpty()) {
      problems.add(name + "='" + text.get() + "': use a duration like 30s or 1m");
    }
    return value.orElse(fallback);
  }

  /** A whole number within bounds. */
  private static int number(
      Map<String, String> env, String name, int fallback, int min, int max, List<String> problems) {
    Optional<String> text = get(env, name);
    try {
      int value = text.map(Integer::parseInt).orElse(fallback);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    problems.add(name + "='" + text.orElse("") + "': use a number from " + min + " to " + max);
    return fallback;
  }

  /** A true/false variable, false when unset. */
  private static boolean flag(Map<String, String> env, String name, List<String> problems) {
    String value = get(env, name).orElse("false");
    if (!value.equals("true") && !value.equals("false")) {
      problems.add(name + "='" + value + "': use true or false");
    }
    return value.equals("true");
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
