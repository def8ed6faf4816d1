package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;

/** What the operator sees of a connection; written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PulsarConnectionStatus implements HasConditions {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("How the operator authenticates: none, token, oauth2 or tls.")
  public String authentication;

  @JsonPropertyDescription("The version the broker reported.")
  public String brokerVersion;

  @JsonPropertyDescription(
      "Ready: the operator reaches the cluster and its credentials are accepted; Kubernetes"
          + " style.")
  public List<Condition> conditions;

  @Override
  public List<Condition> conditions() {
    return conditions;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PulsarConnectionStatus that
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(authentication, that.authentication)
        && Objects.equals(brokerVersion, that.brokerVersion)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, authentication, brokerVersion, conditions);
  }
}
