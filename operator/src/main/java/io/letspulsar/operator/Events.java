package io.letspulsar.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes events on a PurchaseStream or a PulsarConnection, for {@code kubectl describe} and
 * {@code kubectl get events}: what the operator changed, and each problem once, when a condition
 * turns to it — never again on a resync that finds the same problem.
 */
public final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  /** Passing states, shown in the status only: every new stream goes through them. */
  private static final Set<String> QUIET = Set.of("PodsNotReady");

  private final KubernetesClient client;
  private final Clock clock;

  public Events(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** A Warning for each condition turned to a problem it did not show before. */
  public void problems(
      HasMetadata object, Function<String, Optional<Condition>> before, List<Condition> after) {
    Map<String, String> fresh = new LinkedHashMap<>();
    for (Condition condition : after) {
      boolean known =
          before
              .apply(condition.getType())
              .filter(old -> old.getReason().equals(condition.getReason()))
              .isPresent();
      if (condition.getStatus().equals("False")
          && !known
          && !QUIET.contains(condition.getReason())) {
        fresh.putIfAbsent(condition.getReason(), condition.getMessage());
      }
    }
    fresh.forEach((reason, message) -> record(object, "Warning", reason, message));
  }

  /** A Warning for each problem a stream's new status shows that the old one did not. */
  void problems(
      PurchaseStream stream, Optional<PurchaseStreamStatus> before, PurchaseStreamStatus after) {
    problems(stream, type -> before.flatMap(status -> status.condition(type)), after.conditions);
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
        case ADOPTED ->
            normal(
                stream,
                "TopicAdopted",
                "took over topic "
                    + topic
                    + " (spec.topic.adoptExisting): this stream owns it now");
        case ROLE_GRANTED ->
            normal(
                stream,
                "RoleGranted",
                model
                    .pulsar()
                    .role()
                    .map(role -> "granted role " + role + " produce and consume on topic " + topic)
                    .orElse("took back the role granted on topic " + topic));
        case PARTITIONS_GROWN ->
            normal(
                stream,
                "PartitionsGrown",
                "grew topic " + topic + " to " + partitions + " partitions");
        case DEAD_LETTER_TOPIC_CREATED ->
            normal(
                stream,
                "DeadLetterTopicCreated",
                "created dead-letter topic "
                    + model.topic().deadLetter().topic()
                    + " with subscription "
                    + model.consumer().subscription());
        case POLICIES_CHANGED ->
            normal(
                stream,
                "TopicPoliciesChanged",
                "set the topic policies of " + topic + " (retention, TTL, kept when inactive)");
      }
    }
  }

  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  private void record(HasMetadata object, String type, String reason, String message) {
    String now = clock.instant().toString();
    try {
      client
          .v1()
          .events()
          .inNamespace(object.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(object.getMetadata().getName() + "." + UUID.randomUUID())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(object.getApiVersion())
                  .withKind(object.getKind())
                  .withName(object.getMetadata().getName())
                  .withNamespace(object.getMetadata().getNamespace())
                  .withUid(object.getMetadata().getUid())
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
          object.getMetadata().getName(),
          e.getMessage());
    }
  }
}
