package io.letspulsar.operator.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.letspulsar.operator.CountingMetrics;
import io.letspulsar.operator.OperatorMain;
import io.letspulsar.operator.OperatorRuntime;
import io.letspulsar.operator.OperatorSettings;
import io.letspulsar.operator.Operators;
import io.letspulsar.operator.StreamGauges;
import io.letspulsar.operator.chart.Chart;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.testing.FreePorts;
import io.letspulsar.testing.JavaProcess;
import io.letspulsar.testing.LocalControlPlane;
import io.letspulsar.testing.Loopback;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator as the Helm chart installs it, on a real API server: the chart's ServiceAccount,
 * ClusterRole, Role and bindings are created, and the operator authenticates with a TokenRequest
 * token of that account, as in its pod — the API server sees the account itself, with exactly the
 * chart's rules. The operator runs in the production mode ({@link Operators#create}).
 */
final class ChartOperator implements AutoCloseable {
  private final String namespace;
  private final String user;
  private final KubernetesClient client;
  private final List<PolicyRule> rules;
  private final Map<String, String> clientEnvironment;
  private final PrometheusMeterRegistry registry = OperatorRuntime.metricsRegistry();
  private final StreamGauges streams = new StreamGauges(registry);

  private ChartOperator(
      String namespace,
      String user,
      KubernetesClient client,
      List<PolicyRule> rules,
      Map<String, String> clientEnvironment) {
    this.namespace = namespace;
    this.user = user;
    this.client = client;
    this.rules = rules;
    this.clientEnvironment = clientEnvironment;
  }

  /**
   * Creates the chart's account and RBAC in (and for) the operator's namespace.
   *
   * @param sets the chart's values to set, as {@code helm --set} takes them
   */
  static ChartOperator install(LocalControlPlane cluster, String namespace, String... sets) {
    KubernetesClient admin = cluster.client();
    Clusters.createNamespace(cluster, namespace);
    // A release named after its namespace: each test class installs its own operator.
    List<HasMetadata> chart = Chart.renderRelease(namespace, namespace, sets);
    List<PolicyRule> rules = new ArrayList<>();
    for (HasMetadata object : chart) {
      if (Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")
          .contains(object.getKind())) {
        admin.resource(object).create();
      }
      if (object instanceof ClusterRole role) {
        rules.addAll(role.getRules());
      }
      if (object instanceof Role role) {
        rules.addAll(role.getRules());
      }
    }
    String account =
        chart.stream()
            .filter(o -> o.getKind().equals("ServiceAccount"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();
    String token =
        admin
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(account)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    return new ChartOperator(
        namespace,
        "system:serviceaccount:" + namespace + ":" + account,
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(cluster.config()).withOauthToken(token).build())
            .build(),
        List.copyOf(rules),
        cluster.clientEnvironment(token, namespace));
  }

  /** Starts an operator over all namespaces; returns once its informers are started. */
  Operator start(
      OperatorConfig config, PulsarConnections connections, Path scratch, Metrics metrics) {
    Operator operator =
        Operators.create(
            client,
            new OperatorSettings(
                config,
                Set.of(),
                Optional.empty(),
                namespace,
                OperatorSettings.DEFAULT_RECONCILE_THREADS,
                0,
                Loopback.ADDRESS),
            connections,
            scratch,
            metrics,
            streams);
    operator.start();
    return operator;
  }

  /**
   * Launches the operator in a JVM of its own, as its pod runs it: its main, settings from the
   * environment as the chart's Deployment sets them, the account's token; returns at once.
   *
   * @param name the pod's name: its leader-election identity and its User-Agent in the audit log
   * @param settings the chart's variables for this test (Pulsar, watched namespaces, ...)
   */
  JavaProcess launch(String name, Map<String, String> settings, Path logs) {
    int port = FreePorts.next();
    Map<String, String> env = new HashMap<>(settings);
    env.putAll(clientEnvironment);
    env.put(OperatorSettings.POD_NAMESPACE, namespace);
    env.put(OperatorSettings.HEALTH_PORT, Integer.toString(port));
    env.put(OperatorSettings.HEALTH_ADDRESS, Loopback.ADDRESS);
    env.put("HOSTNAME", name);
    env.put("KUBERNETES_USER_AGENT", name);
    return JavaProcess.launch(
        OperatorMain.class.getName(),
        // The image's JVM flags.
        List.of("@" + Path.of("src/main/jib/app/jvm.options").toAbsolutePath()),
        env,
        port,
        logs.resolve(name + ".log"));
  }

  /**
   * JOSDK's metrics into this operator's registry, counted so that a test can wait for
   * reconciliations.
   */
  CountingMetrics counting() {
    return new CountingMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
  }

  /** The registry of the operator's metrics, as in production (the JVM's in it). */
  MeterRegistry registry() {
    return registry;
  }

  /** What the operator's /metrics endpoint serves. */
  String scrape() {
    streams.refresh();
    return registry.scrape();
  }

  /** The account as the API server's audit log names it. */
  String user() {
    return user;
  }

  /** The rules of the chart's ClusterRole, and of its Role in the operator's namespace. */
  List<PolicyRule> rules() {
    return rules;
  }

  @Override
  public void close() {
    client.close();
  }
}
