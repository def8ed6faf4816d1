package io.letspulsar.operator.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.StreamModel;

/**
 * An object the operator makes for one component of a PurchaseStream and owns: watched through its
 * own labels only (not every ConfigMap or Deployment of the cluster), created and updated by plain
 * requests, not server-side apply (the mode every test tier runs, see {@code Operators}), and left
 * alone while it holds the {@link DesiredState}.
 */
abstract class OwnedDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, PurchaseStream> {

  OwnedDependent(Class<R> type, String name, String component) {
    super(type, name);
    configureWith(
        new KubernetesDependentResourceConfigBuilder<R>()
            .withUseSSA(false)
            .withKubernetesDependentInformerConfig(
                InformerConfiguration.builder(type)
                    .withLabelSelector(
                        Names.MANAGED_BY_LABEL
                            + "="
                            + Names.MANAGER
                            + ","
                            + Names.COMPONENT_LABEL
                            + "="
                            + component)
                    .build())
            .build());
  }

  /** Hands the stream, resolved once by the reconciler, to the dependents' builders. */
  static void resolved(Context<PurchaseStream> context, StreamModel model) {
    context.managedWorkflowAndDependentResourceContext().put(StreamModel.class, model);
  }

  /** The stream as the reconciler resolved it for this reconcile. */
  static StreamModel model(Context<PurchaseStream> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(StreamModel.class, StreamModel.class);
  }

  @Override
  public Result<R> match(
      R actual, R desired, PurchaseStream primary, Context<PurchaseStream> context) {
    addMetadata(true, actual, desired, primary, context);
    var json = context.getClient().getKubernetesSerialization();
    return Result.computed(
        DesiredState.isIn(
            json.convertValue(desired, JsonNode.class), json.convertValue(actual, JsonNode.class)),
        desired);
  }
}
