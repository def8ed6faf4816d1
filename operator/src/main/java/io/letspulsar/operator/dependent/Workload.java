package io.letspulsar.operator.dependent;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.status.WorkloadDiagnosis;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stream's Kubernetes objects — its two ConfigMaps, its NetworkPolicy when the operator renders
 * them, and its Deployment — kept as desired, looked at, and stopped. The objects are JOSDK
 * dependents watched through their own labels.
 */
public final class Workload {
  private final List<OwnedDependent<?>> all;

  /**
   * @param networkPolicy whether each stream's pods get a NetworkPolicy
   */
  public Workload(boolean networkPolicy) {
    List<OwnedDependent<?>> dependents = new ArrayList<>();
    dependents.add(new WorkloadConfigMapDependent(Names.PRODUCER));
    dependents.add(new WorkloadConfigMapDependent(Names.CONSUMER));
    if (networkPolicy) {
      dependents.add(new WorkloadNetworkPolicyDependent());
    }
    dependents.add(new WorkloadDeploymentDependent());
    all = List.copyOf(dependents);
  }

  public List<EventSource<?, PurchaseStream>> eventSources(
      EventSourceContext<PurchaseStream> context) {
    return EventSourceUtils.dependentEventSources(context, all.toArray(OwnedDependent<?>[]::new));
  }

  /**
   * Creates or updates what differs.
   *
   * @throws WorkloadException the API server refused an object (a write conflict is rethrown as it
   *     is, to be retried quietly)
   */
  public void reconcile(PurchaseStream stream, StreamModel model, Context<PurchaseStream> context) {
    OwnedDependent.resolved(context, model);
    try {
      all.forEach(dependent -> dependent.reconcile(stream, context));
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      throw new WorkloadException(e);
    }
  }

  /**
   * How the pods are doing, from the informers' Deployment; the pods and their FailedMount events
   * (a Secret that is missing, as the kubelet reports it) are read only when the Deployment reports
   * pods it cannot make available. The operator never reads the stream's Secrets.
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
    List<Event> failedMounts =
        pods.isEmpty()
            ? List.of()
            : context
                .getClient()
                .v1()
                .events()
                .inNamespace(stream.namespace())
                .withField("reason", WorkloadDiagnosis.FAILED_MOUNT)
                .list()
                .getItems();
    return WorkloadDiagnosis.diagnose(stream, current, pods, failedMounts);
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
}
