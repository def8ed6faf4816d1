package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
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
  @JsonPropertyDescription(
      "Where Pulsar is; the operator's defaults (Helm values) fill what is left out.")
  public PulsarSpec pulsar;

  @JsonPropertyDescription("The Pulsar topic the purchases go to.")
  public TopicSpec topic;

  @JsonPropertyDescription("The producer container: random purchases at a fixed pace.")
  public ProducerSpec producer;

  @JsonPropertyDescription("The consumer container: a durable subscription that logs and acks.")
  public ConsumerSpec consumer;

  @JsonPropertyDescription("Pods running a producer and a consumer each (0 stops the workload).")
  @SpecReplicas
  @Default("1")
  @Min(0)
  public Integer replicas;

  @JsonPropertyDescription("Workload image; the operator's default image when left out.")
  public String image;
}
