package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Optional;

/**
 * The demo declared as one resource: a Pulsar topic with a producer and a consumer on it. The
 * printer columns appear in {@code kubectl get} in the order declared here (AGE last).
 */
@Group(PurchaseStream.GROUP)
@Version(PurchaseStream.VERSION)
@Plural("purchasestreams")
@ShortNames("pstream")
@Categories("pulsar")
@AdditionalPrinterColumn(
    name = "STATUS",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.ready",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "TOPIC",
    jsonPath = ".status.topic",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "SUBSCRIPTION",
    jsonPath = ".status.subscription",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "RATE-IN",
    jsonPath = ".status.stats.msgRateIn",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "BACKLOG",
    jsonPath = ".status.stats.backlog",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class PurchaseStream extends CustomResource<PurchaseStreamSpec, PurchaseStreamStatus>
    implements Namespaced {
  public static final String GROUP = "streams.letspulsar.io";
  public static final String VERSION = "v1alpha1";
  private static final long serialVersionUID = 1L;

  // Overridden only to describe the two halves for `kubectl explain`.
  @Override
  @JsonPropertyDescription(
      "The topic, the producer and the consumer of the purchase stream, and how many pods run"
          + " them.")
  public PurchaseStreamSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator sees: the topic, the pods, live stats and conditions. Read-only.")
  public PurchaseStreamStatus getStatus() {
    return super.getStatus();
  }

  /** One condition of the status, e.g. Ready; empty until the operator has written it. */
  public Optional<Condition> condition(String type) {
    return Optional.ofNullable(getStatus()).flatMap(status -> status.condition(type));
  }
}
