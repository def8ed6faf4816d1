package io.letspulsar.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.WorkloadDeployment;

/** The Deployment {@code <name>} running the producer and consumer containers. */
public final class WorkloadDeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, PurchaseStream> {
  private final OperatorConfig config;

  public WorkloadDeploymentDependent(OperatorConfig config) {
    super(Deployment.class, "deployment");
    this.config = config;
    configureWith(Informers.ownedBy(Deployment.class, Names.WORKLOAD));
  }

  @Override
  protected Deployment desired(PurchaseStream stream, Context<PurchaseStream> context) {
    return WorkloadDeployment.desired(stream, config);
  }
}
