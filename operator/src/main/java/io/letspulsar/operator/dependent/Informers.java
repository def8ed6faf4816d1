package io.letspulsar.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.letspulsar.operator.model.Names;

/** Informer settings shared by the dependents. */
final class Informers {
  private Informers() {}

  /**
   * Watches only the objects this operator made for one component, not every ConfigMap or
   * Deployment of the cluster; and writes with plain create and update, the mode every test tier
   * runs (see {@code Operators}).
   */
  static <R extends HasMetadata> KubernetesDependentResourceConfig<R> ownedBy(
      Class<R> type, String component) {
    return new KubernetesDependentResourceConfigBuilder<R>()
        .withUseSSA(false)
        .withKubernetesDependentInformerConfig(
            InformerConfiguration.builder(type)
                .withLabelSelector(
                    "app.kubernetes.io/managed-by="
                        + Names.MANAGER
                        + ",app.kubernetes.io/component="
                        + component)
                .build())
        .build();
  }
}
