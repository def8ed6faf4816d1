package io.letspulsar.operator.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.WorkloadNetworkPolicy;

/** The NetworkPolicy {@code <name>} of the stream's pods, when the operator renders them. */
final class WorkloadNetworkPolicyDependent extends OwnedDependent<NetworkPolicy> {
  WorkloadNetworkPolicyDependent() {
    super(NetworkPolicy.class, "networkpolicy", Names.NETWORK);
  }

  @Override
  protected NetworkPolicy desired(PurchaseStream stream, Context<PurchaseStream> context) {
    return WorkloadNetworkPolicy.desired(model(context));
  }
}
