package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;
import java.util.Objects;

/** What the operator sees; written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PurchaseStreamStatus implements HasConditions {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Full topic name, e.g. persistent://public/default/purchases.")
  public String topic;

  @JsonPropertyDescription("The consumer's subscription.")
  public String subscription;

  @JsonPropertyDescription("Partitions the topic has (0 = non-partitioned).")
  public Integer partitions;

  @JsonPropertyDescription("Pods wanted.")
  @StatusReplicas
  public Integer replicas;

  @JsonPropertyDescription("Pods ready.")
  public Integer readyReplicas;

  @JsonPropertyDescription("Ready pods / wanted pods, e.g. 1/1.")
  public String ready;

  @JsonPropertyDescription("Label selector of the pods (for the scale subresource).")
  @LabelSelector
  public String selector;

  @JsonPropertyDescription("Live figures from the topic's stats.")
  public Stats stats;

  @JsonPropertyDescription("TopicReady, WorkloadReady and Ready, Kubernetes style.")
  public List<Condition> conditions;

  @Override
  public List<Condition> conditions() {
    return conditions;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PurchaseStreamStatus that
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(topic, that.topic)
        && Objects.equals(subscription, that.subscription)
        && Objects.equals(partitions, that.partitions)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(readyReplicas, that.readyReplicas)
        && Objects.equals(ready, that.ready)
        && Objects.equals(selector, that.selector)
        && Objects.equals(stats, that.stats)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, subscription, ready, conditions);
  }

  /** The topic's stats. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Stats {
    @JsonPropertyDescription("Messages per second in, over all partitions.")
    public Double msgRateIn;

    @JsonPropertyDescription("Messages per second out, over all partitions.")
    public Double msgRateOut;

    @JsonPropertyDescription("Messages not yet acknowledged on the consumer's subscription.")
    public Long backlog;

    @JsonPropertyDescription("Producers connected.")
    public Integer producers;

    @JsonPropertyDescription("Consumers connected.")
    public Integer consumers;

    @JsonPropertyDescription("When these figures were read (RFC 3339).")
    public String updatedAt;

    @Override
    public boolean equals(Object other) {
      return other instanceof Stats that
          && Objects.equals(msgRateIn, that.msgRateIn)
          && Objects.equals(msgRateOut, that.msgRateOut)
          && Objects.equals(backlog, that.backlog)
          && Objects.equals(producers, that.producers)
          && Objects.equals(consumers, that.consumers)
          && Objects.equals(updatedAt, that.updatedAt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(msgRateIn, msgRateOut, backlog, producers, consumers, updatedAt);
    }
  }
}
