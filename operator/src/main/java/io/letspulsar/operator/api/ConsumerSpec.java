package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The consumer container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConsumerSpec {
  @JsonPropertyDescription("Run the consumer container.")
  @Default("true")
  public Boolean enabled;

  @JsonPropertyDescription("Durable subscription name; default: <metadata.name>-sub.")
  @Pattern("^[-=:.\\w]+$")
  public String subscription;

  @JsonPropertyDescription(
      "Exclusive: one consumer; Shared: round robin; Failover: one active,"
          + " others standby; Key_Shared: each user on one consumer, in order.")
  @Default("Exclusive")
  public SubscriptionType subscriptionType;

  @JsonPropertyDescription("Where a new subscription starts: Earliest or Latest.")
  @Default("Earliest")
  public InitialPosition initialPosition;

  @JsonPropertyDescription("CPU and memory of the consumer container.")
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
