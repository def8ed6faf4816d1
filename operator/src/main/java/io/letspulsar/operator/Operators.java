package io.letspulsar.operator;

import static io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE;
import static io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE;
import static io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
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
import java.util.Optional;

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
 *
 * <p>With leader election, every write of the operator passes a {@link LeaseFence}: a replica
 * frozen past its lease writes nothing when it wakes, before its elector makes it exit.
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
    Optional<LeaseFence> fence =
        settings
            .leaderElectionNamespace()
            .map(
                namespace ->
                    new LeaseFence(namespace, RENEW_DEADLINE_DEFAULT_VALUE, System::nanoTime));
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(OperatorClient.from(client, fence))
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withMetrics(metrics)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withCloseClientOnStop(true);
              fence.ifPresent(
                  f ->
                      overrider.withLeaderElectionConfiguration(
                          new LeaderElectionConfiguration(
                              "purchasestream-operator-lease",
                              settings.leaderElectionNamespace().orElseThrow(),
                              LEASE_DURATION_DEFAULT_VALUE,
                              RENEW_DEADLINE_DEFAULT_VALUE,
                              RETRY_PERIOD_DEFAULT_VALUE,
                              null,
                              new LeaderCallbacks(() -> {}, f::revoke, leader -> {}),
                              true)));
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
            fence.<Runnable>map(f -> f::check).orElse(() -> {}),
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
