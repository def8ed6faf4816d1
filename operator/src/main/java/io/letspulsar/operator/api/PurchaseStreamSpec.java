package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** What the user asks for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.replicas <= 1 || (has(self.consumer) && (self.consumer.enabled == false"
            + " || (has(self.consumer.subscriptionType)"
            + " && self.consumer.subscriptionType != 'Exclusive')))",
    message =
        "replicas > 1 needs consumer.subscriptionType Shared, Failover or Key_Shared: an"
            + " Exclusive subscription takes one consumer only")
public class PurchaseStreamSpec {
  /** Pods of one stream: see the description. */
  public static final int MAX_REPLICAS = 100;

  @JsonPropertyDescription(
      "Where Pulsar is; the operator's defaults (Helm values) fill what is left out.")
  public PulsarSpec pulsar;

  @JsonPropertyDescription("The Pulsar topic the purchases go to.")
  public TopicSpec topic;

  @JsonPropertyDescription("The producer container: random purchases at a fixed pace.")
  public ProducerSpec producer;

  @JsonPropertyDescription("The consumer container: a durable subscription that logs and acks.")
  public ConsumerSpec consumer;

  @JsonPropertyDescription(
      "Pods running a producer and a consumer each (0 stops the workload); at most "
          + MAX_REPLICAS
          + ": each pod is a producer and a consumer on the broker, and a slip of the keyboard"
          + " should not start thousands.")
  @SpecReplicas
  @Default("1")
  @Min(0)
  @Max(MAX_REPLICAS)
  public Integer replicas;

  @JsonPropertyDescription(
      "Workload image, e.g. registry.example/workload:1.2 or one @sha256:<digest>; the"
          + " operator's default image when left out. Checked as a container runtime parses an"
          + " image reference (the path in lower case), at most "
          + Validation.IMAGE_MAX
          + " characters.")
  @Pattern(Validation.IMAGE)
  @Size(max = Validation.IMAGE_MAX)
  public String image;
}
