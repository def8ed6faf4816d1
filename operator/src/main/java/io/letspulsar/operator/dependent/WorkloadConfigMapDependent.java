package io.letspulsar.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.model.WorkloadConfigMaps;

/** The ConfigMap {@code <name>-producer} or {@code <name>-consumer}. */
public final class WorkloadConfigMapDependent extends OwnedDependent<ConfigMap> {
  private final String component;
  private final OperatorConfig config;

  public WorkloadConfigMapDependent(String component, OperatorConfig config) {
    super(ConfigMap.class, component + "-configmap", component);
    this.component = component;
    this.config = config;
  }

  @Override
  protected ConfigMap desired(PurchaseStream stream, Context<PurchaseStream> context) {
    return WorkloadConfigMaps.of(StreamModel.fromCrd(stream, config), component);
  }
}
