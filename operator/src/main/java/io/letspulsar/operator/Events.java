package io.letspulsar.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.pulsar.TopicSync;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes events on a PurchaseStream, for {@code kubectl describe} and {@code kubectl get
 * events}: what the operator changed, and each problem once, when a condition turns to it — never
 * again on a resync that finds the same problem.
 */
final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  /** Passing states, shown in the status only: every new stream goes through them. */
  private static final Set<String> QUIET = Set.of("PodsNotReady");

  private final KubernetesClient client;
  private final Clock clock;

  Events(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** A Warning for each problem the new status shows that the old one did not. */
  void problems(
      PurchaseStream stream, Optional<PurchaseStreamStatus> before, PurchaseStreamStatus after) {
    Map<String, String> fresh = new LinkedHashMap<>();
    for (Condition condition : after.conditions) {
      boolean known =
          before
              .flatMap(status -> status.condition(condition.getType()))
              .filter(old -> old.getReason().equals(condition.getReason()))
              .isPresent();
      if (condition.getStatus().equals("False")
          && !known
          && !QUIET.contains(condition.getReason())) {
        fresh.putIfAbsent(condition.getReason(), condition.getMessage());
      }
    }
    fresh.forEach((reason, message) -> record(stream, "Warning", reason, message));
  }

  /** A Normal event for each change a topic sync made. */
  void topicChanges(
      PurchaseStream stream, StreamModel model, List<TopicSync.Change> changes, int partitions) {
    String topic = model.topic().topic();
    for (TopicSync.Change change : changes) {
      switch (change) {
        case CREATED ->
            normal(
                stream,
                "TopicCreated",
                partitions > 0
                    ? "created topic " + topic + " with " + partitions + " partitions"
                    : "created non-partitioned topic " + topic);
        case PARTITIONS_GROWN ->
            normal(
                stream,
                "PartitionsGrown",
                "grew topic " + topic + " to " + partitions + " partitions");
        case POLICIES_CHANGED ->
            normal(
                stream,
                "TopicPoliciesChanged",
                "set the topic policies of " + topic + " (retention, TTL, kept when inactive)");
      }
    }
  }

  void normal(PurchaseStream stream, String reason, String message) {
    record(stream, "Normal", reason, message);
  }

  private void record(PurchaseStream stream, String type, String reason, String message) {
    String now = clock.instant().toString();
    try {
      client
          .v1()
          .events()
          .inNamespace(stream.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(stream.getMetadata().getName() + "." + UUID.randomUUID())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(stream.getApiVersion())
                  .withKind(stream.getKind())
                  .withName(stream.getMetadata().getName())
                  .withNamespace(stream.getMetadata().getNamespace())
                  .withUid(stream.getMetadata().getUid())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(io.letspulsar.operator.model.Names.MANAGER)
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy; the status carries the truth.
      LOG.warn(
          "could not record event {} on {}: {}",
          reason,
          stream.getMetadata().getName(),
          e.getMessage());
    }
  }
}
