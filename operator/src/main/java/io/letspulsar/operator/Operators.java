package io.letspulsar.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.operator.pulsar.TopicReconciler;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

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
   * @param namespaces the namespaces to watch; empty means all
   * @param leaderElectionNamespace where the Lease lives; empty means no leader election
   */
  public static Operator create(
      KubernetesClient client,
      OperatorConfig config,
      PulsarConnections pulsar,
      Set<String> namespaces,
      Optional<String> leaderElectionNamespace,
      Metrics metrics) {
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withMetrics(metrics)
                  .withCloseClientOnStop(false);
              leaderElectionNamespace.ifPresent(
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
    operator.register(
        new PurchaseStreamReconciler(
            config, new TopicReconciler(pulsar, config.statsPeriod(), clock), clock),
        overrider -> {
          overrider.withRetry(retry);
          if (namespaces.isEmpty()) {
            overrider.watchingAllNamespaces();
          } else {
            overrider.settingNamespaces(namespaces);
          }
        });
    return operator;
  }
}
