package io.letspulsar.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.WorkloadConfigMaps;

/** The ConfigMap {@code <name>-producer} or {@code <name>-consumer}. */
public final class WorkloadConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, PurchaseStream> {
  private final String component;
  private final OperatorConfig config;

  public WorkloadConfigMapDependent(String component, OperatorConfig config) {
    super(ConfigMap.class, component + "-configmap");
    this.component = component;
    this.config = config;
    configureWith(Informers.ownedBy(ConfigMap.class, component));
  }

  @Override
  protected ConfigMap desired(PurchaseStream stream, Context<PurchaseStream> context) {
    return component.equals(Names.PRODUCER)
        ? WorkloadConfigMaps.producer(stream, config)
        : WorkloadConfigMaps.consumer(stream, config);
  }
}
