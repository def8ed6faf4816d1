package io.letspulsar.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.WorkloadConfigMaps;

/** The ConfigMap {@code <name>-producer} or {@code <name>-consumer}. */
final class WorkloadConfigMapDependent extends OwnedDependent<ConfigMap> {
  private final String component;

  WorkloadConfigMapDependent(String component) {
    super(ConfigMap.class, component + "-configmap", component);
    this.component = component;
  }

  @Override
  protected ConfigMap desired(PurchaseStream stream, Context<PurchaseStream> context) {
    return WorkloadConfigMaps.of(model(context), component);
  }
}
