package io.letspulsar.operator.connection;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.letspulsar.operator.Events;
import io.letspulsar.operator.api.PulsarConnection;
import io.letspulsar.operator.api.PulsarConnectionStatus;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.operator.pulsar.PulsarException;
import io.letspulsar.operator.status.Problem;
import io.letspulsar.operator.status.StatusAggregator;
import io.letspulsar.operator.status.StreamRefusal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Says, on each PulsarConnection, whether the operator reaches its cluster and is accepted there,
 * and which broker version answered: it reads the connection's Secrets again and makes one
 * authenticated call, once per period. The status is written only when it changed.
 */
@ControllerConfiguration(name = PulsarConnectionReconciler.NAME)
public class PulsarConnectionReconciler implements Reconciler<PulsarConnection> {
  public static final String NAME = "pulsarconnection";
  public static final String READY = "Ready";

  private final ClusterRegistry clusters;
  private final PulsarConnections connections;
  private final Duration period;
  private final Clock clock;

  public PulsarConnectionReconciler(
      ClusterRegistry clusters, PulsarConnections connections, Duration period, Clock clock) {
    this.clusters = clusters;
    this.connections = connections;
    this.period = period;
    this.clock = clock;
  }

  @Override
  public UpdateControl<PulsarConnection> reconcile(
      PulsarConnection connection, Context<PulsarConnection> context) {
    PulsarConnectionStatus status = new PulsarConnectionStatus();
    status.observedGeneration = connection.getMetadata().getGeneration();
    Optional<Problem> problem;
    try {
      PulsarCluster cluster = clusters.refresh(connection);
      status.authentication = cluster.credentials().method();
      try {
        status.brokerVersion = connections.topics(cluster).check(cluster.tenancy().named());
        problem = Optional.empty();
      } catch (PulsarException e) {
        connections.evict(cluster);
        problem = Optional.of(new Problem(e.reason().condition(), e.getMessage()));
      }
    } catch (StreamRefusal refusal) {
      problem = Optional.of(refusal.failure().problem());
    }
    Optional<PulsarConnectionStatus> previous = Optional.ofNullable(connection.getStatus());
    status.conditions =
        List.of(
            StatusAggregator.condition(
                READY,
                problem,
                new Problem(
                    "Connected",
                    "the operator reaches the cluster and its credentials are accepted"),
                previous.map(p -> p.conditions).orElse(List.of()),
                clock.instant(),
                connection.getMetadata().getGeneration()));
    new Events(context.getClient(), clock)
        .problems(connection, type -> previous.flatMap(p -> p.condition(type)), status.conditions);
    if (previous.isPresent() && status.equals(previous.get())) {
      return UpdateControl.<PulsarConnection>noUpdate().rescheduleAfter(period);
    }
    connection.setStatus(status);
    return UpdateControl.patchStatus(connection).rescheduleAfter(period);
  }
}
