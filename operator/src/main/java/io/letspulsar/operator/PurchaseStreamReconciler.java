package io.letspulsar.operator;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.letspulsar.operator.api.PulsarConnection;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.operator.api.TopicSpec.DeletionPolicy;
import io.letspulsar.operator.connection.ClusterRegistry;
import io.letspulsar.operator.connection.ConnectionEvents;
import io.letspulsar.operator.dependent.Workload;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.pulsar.Ownership;
import io.letspulsar.operator.pulsar.PulsarException;
import io.letspulsar.operator.pulsar.TopicReconciler;
import io.letspulsar.operator.status.Failure;
import io.letspulsar.operator.status.Observation;
import io.letspulsar.operator.status.Problem;
import io.letspulsar.operator.status.StatusAggregator;
import io.letspulsar.operator.status.StreamRefusal;
import io.letspulsar.operator.status.WorkloadDiagnosis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reconciles a PurchaseStream: resolve it with its Pulsar cluster, keep its topic and then its
 * workload objects as asked, look at the pods, and write a status that says what is true — only
 * when it changed. Failures are typed where they happen ({@link Failure}) and shown on their
 * condition; the framework retries them with backoff.
 */
@ControllerConfiguration(name = PurchaseStreamReconciler.NAME)
public class PurchaseStreamReconciler
    implements Reconciler<PurchaseStream>, Cleaner<PurchaseStream> {
  public static final String NAME = "purchasestream";
  private static final Duration WORKLOAD_STOP_CHECK = Duration.ofSeconds(2);

  private final OperatorConfig config;
  private final ClusterRegistry clusters;
  private final ConnectionEvents connectionEvents;
  private final Workload workload;
  private final TopicReconciler topics;
  private final StreamGauges streams;
  private final Runnable writeCheck;
  private final Clock clock;

  /**
   * @param writeCheck throws when this replica must not write now (with leader election: {@link
   *     LeaseFence#check}); run before each reconcile and cleanup, as those write to Pulsar
   */
  public PurchaseStreamReconciler(
      OperatorConfig config,
      ClusterRegistry clusters,
      ConnectionEvents connectionEvents,
      TopicReconciler topics,
      StreamGauges streams,
      Runnable writeCheck,
      Clock clock) {
    this.config = config;
    this.clusters = clusters;
    this.connectionEvents = connectionEvents;
    this.workload = new Workload(config.workloadNetworkPolicy());
    this.topics = topics;
    this.streams = streams;
    this.writeCheck = writeCheck;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, PurchaseStream>> prepareEventSources(
      EventSourceContext<PurchaseStream> context) {
    streams.count(context.getPrimaryCache());
    List<EventSource<?, PurchaseStream>> sources = new ArrayList<>(workload.eventSources(context));
    sources.add(connectionEvents.source(context));
    return sources;
  }

  @Override
  public UpdateControl<PurchaseStream> reconcile(
      PurchaseStream stream, Context<PurchaseStream> context) throws PulsarException {
    writeCheck.run();
    StreamModel model = resolve(stream, context);
    TopicReconciler.Report topic =
        topics.reconcile(model, confirmed(stream, model), alive(context));
    workload.reconcile(stream, model, context);
    WorkloadDiagnosis.Result pods = workload.observe(model, context);

    PurchaseStreamStatus status =
        StatusAggregator.aggregate(
            model, Observation.of(topic, pods), previous(stream), clock.instant());
    Events events = new Events(context.getClient(), clock);
    events.topicChanges(stream, model, topic.changes(), topic.partitions());
    events.problems(stream, previous(stream), status);
    return withStatus(stream, status, context).rescheduleAfter(config.statsPeriod());
  }

  /**
   * The stream with every default applied and its Pulsar cluster, which must let the stream's
   * namespace use the topic's Pulsar namespace.
   */
  private StreamModel resolve(PurchaseStream stream, Context<PurchaseStream> context) {
    StreamModel model =
        StreamModel.fromCrd(
            stream,
            config,
            clusters.forStream(
                ConnectionEvents.connectionName(stream),
                context.getSecondaryResource(PulsarConnection.class)));
    if (!model.pulsar().cluster().allows(model.namespace(), model.topic())) {
      throw new StreamRefusal(
          StatusAggregator.TOPIC_READY,
          new Problem(
              "PulsarNamespaceNotAllowed",
              "Pulsar cluster "
                  + model.pulsar().cluster().name()
                  + " does not let namespace "
                  + model.namespace()
                  + " use Pulsar namespace "
                  + model.topic().tenant()
                  + "/"
                  + model.topic().namespace()
                  + "; ask whoever manages it to allow that (PulsarConnection spec.tenancy, or"
                  + " the Helm value pulsar.tenancy for the operator's own)"));
    }
    return model;
  }

  /**
   * The topic's partitions when the status says a look found the topic in line with this generation
   * of the spec (TopicReady): what the previous operator, before a restart, confirmed.
   */
  private static Optional<Integer> confirmed(PurchaseStream stream, StreamModel model) {
    return previous(stream)
        .filter(status -> Objects.equals(status.observedGeneration, model.generation()))
        .filter(status -> model.topic().topic().equals(status.topic))
        .filter(status -> status.partitions != null)
        .filter(
            status ->
                status
                    .condition(StatusAggregator.TOPIC_READY)
                    .filter(c -> c.getStatus().equals("True"))
                    .isPresent())
        .map(status -> status.partitions);
  }

  /** Whether the stream that owns a topic still exists (the same one: its uid). */
  private static Predicate<Ownership> alive(Context<PurchaseStream> context) {
    return owner ->
        context
            .getPrimaryCache()
            .get(new ResourceID(owner.name(), owner.namespace()))
            .filter(stream -> stream.getMetadata().getUid().equals(owner.uid()))
            .isPresent();
  }

  @Override
  public ErrorStatusUpdateControl<PurchaseStream> updateErrorStatus(
      PurchaseStream stream, Context<PurchaseStream> context, Exception e) {
    Optional<PurchaseStreamStatus> status =
        Failure.of(e).map(failure -> failedStatus(stream, context, failure));
    if (status.isEmpty() || status.get().equals(stream.getStatus())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    new Events(context.getClient(), clock).problems(stream, previous(stream), status.get());
    stream.setStatus(status.get());
    return ErrorStatusUpdateControl.patchStatus(stream);
  }

  /**
   * Stops the workload first (a producer still running would have the broker create the topic again
   * right after its deletion), then lets the topic go: the role's grant taken back, the topic
   * deleted with {@code deletionPolicy: Delete}. A topic the stream does not own is left alone. A
   * failure is shown on the stream and retried by the framework with backoff.
   */
  @Override
  public DeleteControl cleanup(PurchaseStream stream, Context<PurchaseStream> context) {
    writeCheck.run();
    StreamModel asked = StreamModel.fromCrd(stream, config, config.pulsar());
    topics.forget(asked);
    if (asked.deletionPolicy() == DeletionPolicy.Retain && asked.pulsar().role().isEmpty()) {
      return DeleteControl.defaultDelete(); // nothing to let go: the collector takes the rest
    }
    Events events = new Events(context.getClient(), clock);
    Workload.Stop stop = workload.stop(context);
    if (stop == Workload.Stop.REQUESTED) {
      events.normal(stream, "StoppingWorkload", "stopping the producer and consumer");
    }
    if (stop != Workload.Stop.STOPPED) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(WORKLOAD_STOP_CHECK.toMillis());
    }
    try {
      StreamModel model = resolve(stream, context);
      String topic = model.topic().topic();
      switch (topics.release(model)) {
        case DELETED ->
            events.normal(
                stream, "TopicDeleted", "deleted topic " + topic + " (deletionPolicy Delete)");
        case KEPT ->
            events.normal(stream, "TopicKept", "kept topic " + topic + " (deletionPolicy Retain)");
        case NOT_OURS ->
            events.normal(
                stream,
                "TopicLeftAlone",
                "topic " + topic + " is not this stream's: left as it is");
      }
      return DeleteControl.defaultDelete();
    } catch (PulsarException | StreamRefusal e) {
      showDeletionBlocked(stream, context, e);
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** JOSDK writes no status for a cleanup: the blocked deletion is written here, when new. */
  private void showDeletionBlocked(
      PurchaseStream stream, Context<PurchaseStream> context, Exception e) {
    Problem why = Failure.of(e).orElseThrow().problem();
    Failure failure =
        new Failure(
            StatusAggregator.TOPIC_READY,
            new Problem(
                "TopicDeletionFailed",
                why.message()
                    + "; the PurchaseStream stays until its topic is let go (deleted with"
                    + " deletionPolicy Delete, its role's grant taken back), retrying with"
                    + " backoff. To leave Pulsar as it is instead, set spec.topic.deletionPolicy"
                    + " to Retain and remove spec.pulsar.role."));
    PurchaseStreamStatus status = failedStatus(stream, context, failure);
    if (!status.equals(stream.getStatus())) {
      new Events(context.getClient(), clock).problems(stream, previous(stream), status);
      context
          .getClient()
          .resource(stream)
          .editStatus(
              current -> {
                current.setStatus(status);
                return current;
              });
    }
  }

  /** The status shows no cluster setting: the operator's own stands in for one not resolved. */
  private PurchaseStreamStatus failedStatus(
      PurchaseStream stream, Context<PurchaseStream> context, Failure failure) {
    StreamModel model = StreamModel.fromCrd(stream, config, config.pulsar());
    WorkloadDiagnosis.Result pods = workload.lastSeen(model, context);
    return StatusAggregator.aggregate(
        model,
        Observation.afterFailure(failure, pods, previous(stream)),
        previous(stream),
        clock.instant());
  }

  /**
   * Patches the status when it changed, and keeps the patched stream in the framework's cache (over
   * the informer's) until the informer sees it: a reconcile right after this one — another
   * Deployment event — would otherwise start from the status before the patch and write the same
   * change again, with a new lastTransitionTime (ScaleOnClusterTest saw it once pods became Ready
   * quickly).
   */
  private static UpdateControl<PurchaseStream> withStatus(
      PurchaseStream stream, PurchaseStreamStatus status, Context<PurchaseStream> context) {
    if (!status.equals(stream.getStatus())) {
      PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(
          stream,
          context,
          patched -> {
            patched.setStatus(status);
            return patched;
          });
    }
    return UpdateControl.noUpdate();
  }

  private static Optional<PurchaseStreamStatus> previous(PurchaseStream stream) {
    return Optional.ofNullable(stream.getStatus());
  }
}
