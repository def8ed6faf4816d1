package io.letspulsar.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.letspulsar.contract.HealthServer;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.pulsar.AdminPulsarTopics;
import io.letspulsar.operator.pulsar.BoundedPulsarTopics;
import io.letspulsar.operator.pulsar.MeteredPulsarTopics;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.operator.pulsar.PulsarException;
import io.letspulsar.operator.pulsar.PulsarTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The running operator as production runs it: the controller from {@link Operators}, metered Pulsar
 * admin connections, and liveness/readiness and Prometheus metrics on one HTTP port. The
 * container's main ({@link OperatorMain}) and the sandbox both start it.
 */
public final class OperatorRuntime implements AutoCloseable {
  /** Pulsar admin clients open at most: one per cluster in use. */
  private static final int CLIENTS = 16;

  /** How long a cluster's admin client stays open unused. */
  private static final Duration CLIENT_IDLE = Duration.ofMinutes(10);

  private final Operator operator;
  private final PulsarConnections pulsar;
  private final HealthServer health;

  private OperatorRuntime(Operator operator, PulsarConnections pulsar, HealthServer health) {
    this.operator = operator;
    this.pulsar = pulsar;
    this.health = health;
  }

  /**
   * How the operator talks to one Pulsar cluster: its admin API, every call counted, the calls held
   * back while it does not answer ({@link BoundedPulsarTopics}).
   */
  public static PulsarTopics pulsarTopics(PulsarCluster cluster, MeterRegistry registry)
      throws PulsarException {
    return new BoundedPulsarTopics(
        new MeteredPulsarTopics(AdminPulsarTopics.connect(cluster), registry));
  }

  /**
   * Starts reconciling; returns once the informers are started.
   *
   * @param healthAddress the address the health and metrics port binds to
   */
  public static OperatorRuntime start(
      OperatorSettings settings, KubernetesClient client, String healthAddress) {
    return start(
        settings,
        client,
        healthAddress,
        Path.of(System.getProperty("java.io.tmpdir"), "purchasestream-connections"));
  }

  /**
   * The registry of the operator's metrics, with the JVM's in it (heap, GC pauses, threads and CPU:
   * what sizing the chart's limits for many streams needs); JOSDK's, the Pulsar admin calls and the
   * streams by condition are added to it.
   */
  public static PrometheusMeterRegistry metricsRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  /**
   * Starts reconciling; returns once the informers are started.
   *
   * @param healthAddress the address the health and metrics port binds to
   * @param scratch where PulsarConnections' credentials are written (the caller deletes it)
   */
  public static OperatorRuntime start(
      OperatorSettings settings, KubernetesClient client, String healthAddress, Path scratch) {
    PrometheusMeterRegistry registry = metricsRegistry();
    StreamGauges streams = new StreamGauges(registry);
    PulsarConnections pulsar =
        new PulsarConnections(
            cluster -> pulsarTopics(cluster, registry), CLIENTS, CLIENT_IDLE, Clock.systemUTC());
    Operator operator =
        Operators.create(
            client,
            settings,
            pulsar,
            scratch,
            MicrometerMetrics.withoutPerResourceMetrics(registry),
            streams);
    HealthServer health;
    try {
      health =
          new HealthServer(
              healthAddress,
              settings.healthPort(),
              () ->
                  operator.getRuntimeInfo().isStarted()
                      && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
              "informers not started or unhealthy",
              () -> {
                streams.refresh();
                return registry.scrape();
              });
    } catch (IOException e) {
      pulsar.close();
      throw new UncheckedIOException(
          "cannot serve health and metrics on " + healthAddress + ":" + settings.healthPort(), e);
    }
    OperatorRuntime runtime = new OperatorRuntime(operator, pulsar, health);
    try {
      operator.start();
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
    return runtime;
  }

  /** Finishes the reconciliations in progress, then closes the Pulsar clients and the port. */
  @Override
  public void close() {
    operator.stop();
    pulsar.close();
    health.close();
  }
}
