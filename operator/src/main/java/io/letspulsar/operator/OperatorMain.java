package io.letspulsar.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.letspulsar.operator.pulsar.AdminPulsarTopics;
import io.letspulsar.operator.pulsar.MeteredPulsarTopics;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.workload.runtime.HealthServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator until SIGTERM: settings from the environment, the Kubernetes client from the
 * pod's service account (or ~/.kube/config), liveness/readiness and JOSDK's Micrometer metrics on
 * one HTTP port, optional leader election through a Lease.
 */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    OperatorSettings settings;
    try {
      settings = OperatorSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KubernetesClient client = new KubernetesClientBuilder().build();
    PulsarConnections pulsar =
        new PulsarConnections(
            url -> new MeteredPulsarTopics(AdminPulsarTopics.connect(url), registry));
    Operator operator =
        Operators.create(
            client,
            settings.config(),
            pulsar,
            settings.namespaces(),
            settings.leaderElectionNamespace(),
            MicrometerMetrics.withoutPerResourceMetrics(registry));
    HealthServer health =
        new HealthServer(
            "0.0.0.0",
            settings.healthPort(),
            () ->
                operator.getRuntimeInfo().isStarted()
                    && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
            "informers not started or unhealthy",
            registry::scrape);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping: finishing reconciliations in progress");
                  operator.stop();
                  pulsar.close();
                  health.close();
                  client.close();
                  stopped.countDown();
                },
                "operator-stop"));
    operator.start();
    LOG.info(
        "PurchaseStream operator started: watching {}, Pulsar admin {} by default, health and"
            + " metrics on :{}",
        settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces(),
        settings.config().adminUrl(),
        settings.healthPort());
    stopped.await();
  }
}
