package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
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
 *
 * <p>The rules here are at the root, the one object every update has in both its old and new
 * version: a transition rule on a field does not run when the field, or the object holding it, is
 * left out, so each compares the value in effect (what was set, else its default) before and after.
 * The name is checked here too, where CEL sees {@code metadata.name}; it and the spec's presence
 * only at creation ({@code oldSelf} absent): a rule without {@code oldSelf} at the root would block
 * every later update of an object stored under an older CRD, its finalizer's removal too.
 */
@Group(PurchaseStream.GROUP)
@Version(PurchaseStream.VERSION)
@Plural("purchasestreams")
@ShortNames("pstream")
@Categories("pulsar")
@ValidationRule(
    value = "oldSelf.hasValue() || has(self.spec)",
    optionalOldSelf = true,
    fieldPath = ".spec",
    message = "spec is required; spec: {} takes every default")
@ValidationRule(
    value = "oldSelf.hasValue() || self.metadata.name.size() <= " + PurchaseStream.MAX_NAME_LENGTH,
    optionalOldSelf = true,
    message =
        "metadata.name must be at most 63 characters: it is the value of the label"
            + " app.kubernetes.io/instance of the stream's Deployment, pods, ConfigMaps and"
            + " NetworkPolicy")
@ValidationRule(
    value =
        "("
            + PurchaseStream.TOPIC
            + " && has(self.spec.topic.tenant) ? self.spec.topic.tenant"
            + " : 'public') == ("
            + PurchaseStream.OLD_TOPIC
            + " && has(oldSelf.spec.topic.tenant)"
            + " ? oldSelf.spec.topic.tenant : 'public')",
    fieldPath = ".spec.topic.tenant",
    message =
        "topic.tenant is immutable (left out, it is public): the stream would move to another"
            + " topic. For another topic, make a new PurchaseStream")
@ValidationRule(
    value =
        "("
            + PurchaseStream.TOPIC
            + " && has(self.spec.topic.__namespace__)"
            + " ? self.spec.topic.__namespace__ : 'default') == ("
            + PurchaseStream.OLD_TOPIC
            + " && has(oldSelf.spec.topic.__namespace__) ? oldSelf.spec.topic.__namespace__"
            + " : 'default')",
    fieldPath = ".spec.topic.namespace",
    message =
        "topic.namespace is immutable (left out, it is default): the stream would move to"
            + " another topic. For another topic, make a new PurchaseStream")
@ValidationRule(
    value =
        "("
            + PurchaseStream.TOPIC
            + " && has(self.spec.topic.name) ? self.spec.topic.name"
            + " : self.metadata.name) == ("
            + PurchaseStream.OLD_TOPIC
            + " && has(oldSelf.spec.topic.name) ? oldSelf.spec.topic.name"
            + " : oldSelf.metadata.name)",
    fieldPath = ".spec.topic.name",
    message =
        "topic.name is immutable (left out, it is metadata.name): the stream would move to"
            + " another topic. For another topic, make a new PurchaseStream")
@ValidationRule(
    value =
        "("
            + PurchaseStream.TOPIC
            + " && has(self.spec.topic.persistent)"
            + " ? self.spec.topic.persistent : true) == ("
            + PurchaseStream.OLD_TOPIC
            + " && has(oldSelf.spec.topic.persistent) ? oldSelf.spec.topic.persistent : true)",
    fieldPath = ".spec.topic.persistent",
    message =
        "topic.persistent is immutable (left out, it is true): the stream would move to another"
            + " topic. For another topic, make a new PurchaseStream")
@ValidationRule(
    value =
        "("
            + PurchaseStream.TOPIC
            + " && has(self.spec.topic.partitions)"
            + " ? self.spec.topic.partitions : 0) >= ("
            + PurchaseStream.OLD_TOPIC
            + " && has(oldSelf.spec.topic.partitions) ? oldSelf.spec.topic.partitions : 0)",
    fieldPath = ".spec.topic.partitions",
    message =
        "topic.partitions can grow, never shrink (left out, it is 0): Pulsar cannot take"
            + " partitions away")
@ValidationRule(
    value =
        "(has(self.spec) && has(self.spec.pulsar) && has(self.spec.pulsar.connection)"
            + " ? self.spec.pulsar.connection : '') == (has(oldSelf.spec)"
            + " && has(oldSelf.spec.pulsar) && has(oldSelf.spec.pulsar.connection)"
            + " ? oldSelf.spec.pulsar.connection : '')",
    fieldPath = ".spec.pulsar.connection",
    message =
        "pulsar.connection is immutable (left out, it is the operator's own Pulsar): the topic,"
            + " its grant and its subscription would stay behind on the other cluster. For"
            + " another cluster, make a new PurchaseStream")
@ValidationRule(
    value =
        "("
            + PurchaseStream.CONSUMER
            + " && has(self.spec.consumer.subscription)"
            + " ? self.spec.consumer.subscription : self.metadata.name + '-sub') == ("
            + PurchaseStream.OLD_CONSUMER
            + " && has(oldSelf.spec.consumer.subscription)"
            + " ? oldSelf.spec.consumer.subscription : oldSelf.metadata.name + '-sub')",
    fieldPath = ".spec.consumer.subscription",
    message =
        "consumer.subscription is immutable (left out, it is <metadata.name>-sub): the old"
            + " subscription would stay behind, its backlog growing for ever. For another"
            + " subscription, delete this PurchaseStream (deletionPolicy Delete takes the topic"
            + " and its subscriptions with it) and make a new one")
@ValidationRule(
    value =
        "("
            + PurchaseStream.CONSUMER
            + " && has(self.spec.consumer.initialPosition)"
            + " ? self.spec.consumer.initialPosition : 'Earliest') == ("
            + PurchaseStream.OLD_CONSUMER
            + " && has(oldSelf.spec.consumer.initialPosition)"
            + " ? oldSelf.spec.consumer.initialPosition : 'Earliest')",
    fieldPath = ".spec.consumer.initialPosition",
    message =
        "consumer.initialPosition is immutable (left out, it is Earliest): Pulsar reads it only"
            + " when it creates the subscription")
@ValidationRule(
    value =
        "("
            + PurchaseStream.CONSUMER
            + " && has(self.spec.consumer.subscriptionType)"
            + " ? self.spec.consumer.subscriptionType : 'Exclusive') == ("
            + PurchaseStream.OLD_CONSUMER
            + " && has(oldSelf.spec.consumer.subscriptionType)"
            + " ? oldSelf.spec.consumer.subscriptionType : 'Exclusive')"
            + " || (has(oldSelf.spec) && has(oldSelf.spec.replicas) && oldSelf.spec.replicas == 0)"
            + " || ("
            + PurchaseStream.OLD_CONSUMER
            + " && has(oldSelf.spec.consumer.enabled)"
            + " && !oldSelf.spec.consumer.enabled)",
    fieldPath = ".spec.consumer.subscriptionType",
    message =
        "consumer.subscriptionType changes only while no consumer runs (left out, it is"
            + " Exclusive): Pulsar refuses consumers of another type while the subscription has"
            + " consumers, so the pods would never roll over. Scale the stream to 0 first"
            + " (kubectl scale pstream/<name> --replicas=0), then change the type and the"
            + " replicas together")
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

  /** The name is the value of a label, which holds 63 characters. */
  public static final int MAX_NAME_LENGTH = 63;

  // The objects the root rules read, tested before their fields are.
  static final String TOPIC = "has(self.spec) && has(self.spec.topic)";
  static final String OLD_TOPIC = "has(oldSelf.spec) && has(oldSelf.spec.topic)";
  static final String CONSUMER = "has(self.spec) && has(self.spec.consumer)";
  static final String OLD_CONSUMER = "has(oldSelf.spec) && has(oldSelf.spec.consumer)";
  private static final long serialVersionUID = 1L;

  // Overridden only to describe the two halves for `kubectl explain`.
  @Override
  @JsonPropertyDescription(
      "The topic, the producer and the consumer of the purchase stream, and how many pods run"
          + " them. Required: spec: {} takes every default.")
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
