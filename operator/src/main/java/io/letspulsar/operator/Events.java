package io.letspulsar.operator;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.letspulsar.operator.api.PurchaseStream;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes events on a PurchaseStream, for `kubectl describe` and `kubectl get events`. */
final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private final KubernetesClient client;
  private final Clock clock;

  Events(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void normal(PurchaseStream stream, String reason, String message) {
    record(stream, "Normal", reason, message);
  }

  void warning(PurchaseStream stream, String reason, String message) {
    record(stream, "Warning", reason, message);
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
                  .withComponent("purchasestream-operator")
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
