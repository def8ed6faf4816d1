package io.letspulsar.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.model.WorkloadDeployment;

/** The Deployment {@code <name>} running the producer and consumer containers. */
public final class WorkloadDeploymentDependent extends OwnedDependent<Deployment> {
  private final OperatorConfig config;

  public WorkloadDeploymentDependent(OperatorConfig config) {
    super(Deployment.class, "deployment", Names.WORKLOAD);
    this.config = config;
  }

  @Override
  protected Deployment desired(PurchaseStream stream, Context<PurchaseStream> context) {
    return WorkloadDeployment.desired(StreamModel.fromCrd(stream, config));
  }
}
