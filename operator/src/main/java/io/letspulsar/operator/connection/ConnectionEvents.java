package io.letspulsar.operator.connection;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.letspulsar.operator.api.PulsarConnection;
import io.letspulsar.operator.api.PurchaseStream;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How PurchaseStreams see the PulsarConnections they name: an informer on the connections of the
 * operator's namespace, a stream's connection by its {@code spec.pulsar.connection}, and each
 * stream naming a connection looked at again when the connection's spec or its readiness changes
 * (not on every status write).
 *
 * @param namespace the namespace PulsarConnections are read from: the operator's
 */
public record ConnectionEvents(String namespace) {

  /** The connection a stream names; empty for the operator's own Pulsar. */
  public static Optional<String> connectionName(PurchaseStream stream) {
    return Optional.ofNullable(stream.getSpec())
        .map(spec -> spec.pulsar)
        .map(pulsar -> pulsar.connection);
  }

  public InformerEventSource<PulsarConnection, PurchaseStream> source(
      EventSourceContext<PurchaseStream> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(PulsarConnection.class, PurchaseStream.class)
            .withNamespaces(Set.of(namespace))
            .withPrimaryToSecondaryMapper(
                (PurchaseStream stream) ->
                    connectionName(stream)
                        .map(name -> Set.of(new ResourceID(name, namespace)))
                        .orElse(Set.of()))
            .withSecondaryToPrimaryMapper(
                connection ->
                    context
                        .getPrimaryCache()
                        .list(
                            stream ->
                                connectionName(stream)
                                    .filter(connection.getMetadata().getName()::equals)
                                    .isPresent())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (updated, old) ->
                    !Objects.equals(
                            updated.getMetadata().getGeneration(),
                            old.getMetadata().getGeneration())
                        || !Objects.equals(readiness(updated), readiness(old)))
            .build(),
        context);
  }

  private static Optional<String> readiness(PulsarConnection connection) {
    return Optional.ofNullable(connection.getStatus())
        .flatMap(status -> status.condition(PulsarConnectionReconciler.READY))
        .map(condition -> condition.getStatus());
  }
}
