package io.letspulsar.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.WorkloadDeployment;

/** The Deployment {@code <name>} running the producer and consumer containers. */
final class WorkloadDeploymentDependent extends OwnedDependent<Deployment> {
  WorkloadDeploymentDependent() {
    super(Deployment.class, "deployment", Names.WORKLOAD);
  }

  @Override
  protected Deployment desired(PurchaseStream stream, Context<PurchaseStream> context) {
    return WorkloadDeployment.desired(model(context));
  }
}
