package io.letspulsar.operator.dependent;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.SecretKeyRef;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.status.WorkloadDiagnosis;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;

/**
 * A stream's Kubernetes objects — its two ConfigMaps and its Deployment — kept as desired, looked
 * at, and stopped. The objects are JOSDK dependents watched through their own labels.
 */
public final class Workload {
  private final WorkloadConfigMapDependent producerConfigMap;
  private final WorkloadConfigMapDependent consumerConfigMap;
  private final WorkloadDeploymentDependent deployment;

  public Workload(OperatorConfig config) {
    producerConfigMap = new WorkloadConfigMapDependent(Names.PRODUCER, config);
    consumerConfigMap = new WorkloadConfigMapDependent(Names.CONSUMER, config);
    deployment = new WorkloadDeploymentDependent(config);
  }

  public List<EventSource<?, PurchaseStream>> eventSources(
      EventSourceContext<PurchaseStream> context) {
    return EventSourceUtils.dependentEventSources(
        context, producerConfigMap, consumerConfigMap, deployment);
  }

  /**
   * Creates or updates what differs.
   *
   * @throws WorkloadException the API server refused an object (a write conflict is rethrown as it
   *     is, to be retried quietly)
   */
  public void reconcile(PurchaseStream stream, Context<PurchaseStream> context) {
    try {
      producerConfigMap.reconcile(stream, context);
      consumerConfigMap.reconcile(stream, context);
      deployment.reconcile(stream, context);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      throw new WorkloadException(e);
    }
  }

  /**
   * How the pods are doing, from the informers' Deployment; the pods and the Secrets are read only
   * when the Deployment reports pods it cannot make available.
   */
  public WorkloadDiagnosis.Result observe(StreamModel stream, Context<PurchaseStream> context) {
    Optional<Deployment> current = context.getSecondaryResource(Deployment.class);
    if (!WorkloadDiagnosis.podsNeeded(stream, current)) {
      return lastSeen(stream, context);
    }
    List<Pod> pods =
        context
            .getClient()
            .pods()
            .inNamespace(stream.namespace())
            .withLabels(Names.selector(stream))
            .list()
            .getItems();
    List<SecretKeyRef> missing =
        stream.pulsar().secrets().stream()
            .filter(ref -> !secretHasKey(stream, context, ref))
            .toList();
    return WorkloadDiagnosis.diagnose(stream, current, pods, missing);
  }

  /** Where stopping the workload stands. */
  public enum Stop {
    /** No Deployment left: no producer or consumer runs. */
    STOPPED,
    /** The Deployment's deletion was just asked for. */
    REQUESTED,
    /** The Deployment is going, its pods first (foreground deletion). */
    WAITING
  }

  /** Stops the producer and consumer: deletes the Deployment, its pods first. */
  public Stop stop(Context<PurchaseStream> context) {
    Optional<Deployment> current = context.getSecondaryResource(Deployment.class);
    if (current.isEmpty()) {
      return Stop.STOPPED;
    }
    if (current.get().getMetadata().getDeletionTimestamp() != null) {
      return Stop.WAITING;
    }
    context
        .getClient()
        .resource(current.get())
        .withPropagationPolicy(DeletionPropagation.FOREGROUND)
        .delete();
    return Stop.REQUESTED;
  }

  /** How the pods are doing as the informers' Deployment says, without reading anything. */
  public WorkloadDiagnosis.Result lastSeen(StreamModel stream, Context<PurchaseStream> context) {
    return WorkloadDiagnosis.diagnose(
        stream, context.getSecondaryResource(Deployment.class), List.of(), List.of());
  }

  private static boolean secretHasKey(
      StreamModel stream, Context<PurchaseStream> context, SecretKeyRef ref) {
    Secret secret =
        context.getClient().secrets().inNamespace(stream.namespace()).withName(ref.name).get();
    return secret != null
        && ((secret.getData() != null && secret.getData().containsKey(ref.key))
            || (secret.getStringData() != null && secret.getStringData().containsKey(ref.key)));
  }
}
