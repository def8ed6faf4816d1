package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * The consumer container. Its subscription's name and initial position never change, and its type
 * changes only while no consumer runs: those rules are on {@link PurchaseStream}, where they also
 * see a field, or the whole consumer, being left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConsumerSpec {
  @JsonPropertyDescription(
      "Run the consumer container. While it is off the subscription stays, and its backlog"
          + " grows (topic.messageTtl bounds it).")
  @Default("true")
  public Boolean enabled;

  @JsonPropertyDescription(
      "Durable subscription name; default: <metadata.name>-sub. Immutable, also by leaving it"
          + " out: a renamed subscription would leave the old one behind, its backlog growing"
          + " for ever. At most "
          + Validation.PULSAR_NAME_MAX
          + " characters.")
  @Pattern(Validation.PULSAR_NAME)
  @Size(max = Validation.PULSAR_NAME_MAX)
  public String subscription;

  @JsonPropertyDescription(
      "Exclusive: one consumer; Shared: round robin; Failover: one active,"
          + " others standby; Key_Shared: each user on one consumer, in order. Changes only"
          + " while no consumer runs (replicas 0 or the consumer disabled): Pulsar refuses"
          + " consumers of another type while the subscription has consumers.")
  @Default("Exclusive")
  public SubscriptionType subscriptionType;

  @JsonPropertyDescription(
      "Where a new subscription starts: Earliest or Latest. Immutable, also by leaving it out:"
          + " Pulsar reads it only when it creates the subscription.")
  @Default("Earliest")
  public InitialPosition initialPosition;

  @JsonPropertyDescription(
      "CPU, memory and ephemeral storage of the consumer container: " + ContainerResources.RULES)
  @SchemaFrom(type = ContainerResources.class)
  public ResourceRequirements resources;

  /** Pulsar's subscription types, spelled as Pulsar spells them. */
  public enum SubscriptionType {
    Exclusive,
    Shared,
    Failover,
    Key_Shared
  }

  /** Where a new subscription starts. */
  public enum InitialPosition {
    Earliest,
    Latest
  }
}
