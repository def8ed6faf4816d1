package io.letspulsar.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;

/** A status with Kubernetes-style conditions. */
public interface HasConditions {
  /** The conditions; null until the operator has written any. */
  List<Condition> conditions();

  /** One condition, e.g. Ready; empty until the operator has written it. */
  default Optional<Condition> condition(String type) {
    return Optional.ofNullable(conditions()).orElse(List.of()).stream()
        .filter(condition -> type.equals(condition.getType()))
        .findFirst();
  }
}
