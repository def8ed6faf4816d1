package io.letspulsar.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.letspulsar.operator.connection.ClusterRegistry;
import io.letspulsar.operator.connection.ConnectionEvents;
import io.letspulsar.operator.connection.PulsarConnectionReconciler;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.pulsar.ClusterStats;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.operator.pulsar.TopicReconciler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Builds the operator the same way for production and for every test tier, so all run one mode:
 * plain create, update and JSON-merge/JSON patches, not server-side apply (SSA).
 *
 * <p>Why not SSA, JOSDK's default: the fast tier runs on the fabric8 mock API server, which cannot
 * do SSA, and the operator writes whole objects it alone owns (no other manager shares their
 * fields), which is where SSA's field ownership buys nothing. What plain updates needed on a real
 * API server (OperatorOnClusterTest): JOSDK 5.2.3's non-SSA matcher saw server defaults as changes
 * and updated every Deployment on every resync; {@code dependent.DesiredState} matches without that
 * flaw, and the real-server test counts zero writes per resync after Ready.
 */
public final class Operators {
  private Operators() {}

  /**
   * The operator: the PurchaseStream controller over all namespaces (or those the settings name)
   * and the PulsarConnection controller over the operator's own.
   *
   * @param scratch where PulsarConnections' credentials are written (in memory in the chart's pod)
   * @param streams counts the streams by condition for the metrics
   */
  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      PulsarConnections pulsar,
      Path scratch,
      Metrics metrics,
      StreamGauges streams) {
    OperatorConfig config = settings.config();
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withMetrics(metrics)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withCloseClientOnStop(false);
              settings
                  .leaderElectionNamespace()
                  .ifPresent(
                      namespace ->
                          overrider.withLeaderElectionConfiguration(
                              new LeaderElectionConfiguration(
                                  "purchasestream-operator-lease", namespace)));
            });
    // Exponential backoff from 1 s to 5 min, without a last attempt: Pulsar may come back later.
    GenericRetry retry =
        new GenericRetry()
            .setInitialInterval(Duration.ofSeconds(1))
            .setIntervalMultiplier(2)
            .setMaxInterval(Duration.ofMinutes(5).toMillis())
            .withoutMaxAttempts();
    Clock clock = Clock.systemUTC();
    ClusterRegistry clusters = new ClusterRegistry(config.pulsar(), scratch, client);
    TopicReconciler topics =
        new TopicReconciler(
            pulsar,
            new ClusterStats(pulsar, config.statsPeriod(), clock),
            config.topicCheckPeriod(),
            clock);
    streams.track(topics);
    operator.register(
        new PurchaseStreamReconciler(
            config,
            clusters,
            new ConnectionEvents(settings.connectionsNamespace()),
            topics,
            streams,
            clock),
        overrider -> {
          overrider.withRetry(retry);
          if (settings.namespaces().isEmpty()) {
            overrider.watchingAllNamespaces();
          } else {
            overrider.settingNamespaces(settings.namespaces());
          }
        });
    operator.register(
        new PulsarConnectionReconciler(clusters, pulsar, config.statsPeriod(), clock),
        overrider -> overrider.withRetry(retry).settingNamespaces(settings.connectionsNamespace()));
    return operator;
  }
}
