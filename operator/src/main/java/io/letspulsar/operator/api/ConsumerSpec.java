package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * The consumer container. Its subscription's name and initial position never change, and its type
 * changes only while no consumer runs: those rules are on {@link PurchaseStream}, where they also
 * see a field, or the whole consumer, being left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.deadLetter) || self.subscriptionType in ['Shared', 'Key_Shared']",
    fieldPath = ".deadLetter",
    message =
        "consumer.deadLetter needs subscriptionType Shared or Key_Shared: Pulsar counts"
            + " redeliveries only for those")
public class ConsumerSpec {
  /** A redelivery delay: whole numbers with ms, s, m or h, as {@link ProducerSpec#interval}. */
  static final String DELAY = ProducerSpec.INTERVAL;

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

  @JsonPropertyDescription(
      "When a purchase the consumer could not process (e.g. one without a user) comes back:"
          + " after delay, then twice as long each time, up to maxDelay.")
  public Redelivery redelivery;

  @JsonPropertyDescription(
      "Give up on a purchase after this many redeliveries and move it to the dead-letter topic,"
          + " <topic name>-DLQ in the topic's namespace (always persistent), which the operator"
          + " makes with a subscription named as the consumer's that keeps the dead letters until"
          + " someone reads them; deleted with the topic (deletionPolicy). Needs subscriptionType"
          + " Shared or Key_Shared. Left out: a purchase that keeps failing comes back for ever.")
  public DeadLetter deadLetter;

  /** The redelivery backoff of purchases the consumer failed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value =
          "!self.delay.matches('"
              + DELAY
              + "') || !self.maxDelay.matches('"
              + DELAY
              + "') || duration(self.delay) <= duration(self.maxDelay)",
      message = "consumer.redelivery.maxDelay must be at least delay")
  public static class Redelivery {
    @JsonPropertyDescription("The first redelivery's delay, e.g. 1s, 500ms; from 0s to 1h.")
    @Default("1s")
    @Pattern(DELAY)
    @Size(max = 16)
    @ValidationRule(
        value = "!self.matches('" + DELAY + "') || duration(self) <= duration('1h')",
        message = "consumer.redelivery.delay must be at most 1h")
    public String delay;

    @JsonPropertyDescription("The longest delay between redeliveries; from delay to 24h.")
    @Default("1m")
    @Pattern(DELAY)
    @Size(max = 16)
    @ValidationRule(
        value = "!self.matches('" + DELAY + "') || duration(self) <= duration('24h')",
        message = "consumer.redelivery.maxDelay must be at most 24h")
    public String maxDelay;
  }

  /** Where purchases that keep failing go. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DeadLetter {
    @JsonPropertyDescription(
        "Redeliveries before a purchase goes to the dead-letter topic: 1 to 1000.")
    @Required
    @Min(1)
    @Max(1000)
    public Integer maxRedeliveries;
  }

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
