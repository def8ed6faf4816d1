package io.letspulsar.operator;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.operator.api.TopicSpec.DeletionPolicy;
import io.letspulsar.operator.dependent.Workload;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.pulsar.PulsarException;
import io.letspulsar.operator.pulsar.TopicReconciler;
import io.letspulsar.operator.status.Failure;
import io.letspulsar.operator.status.Observation;
import io.letspulsar.operator.status.Problem;
import io.letspulsar.operator.status.StatusAggregator;
import io.letspulsar.operator.status.WorkloadDiagnosis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reconciles a PurchaseStream: resolve it, keep its workload objects and its topic as asked, look
 * at the pods, and write a status that says what is true — only when it changed. Failures are typed
 * where they happen ({@link Failure}) and shown on their condition; the framework retries them with
 * backoff.
 */
@ControllerConfiguration(name = PurchaseStreamReconciler.NAME)
public class PurchaseStreamReconciler
    implements Reconciler<PurchaseStream>, Cleaner<PurchaseStream> {
  public static final String NAME = "purchasestream";
  private static final Duration WORKLOAD_STOP_CHECK = Duration.ofSeconds(2);

  private final OperatorConfig config;
  private final Workload workload;
  private final TopicReconciler topics;
  private final Clock clock;

  public PurchaseStreamReconciler(OperatorConfig config, TopicReconciler topics, Clock clock) {
    this.config = config;
    this.workload = new Workload(config);
    this.topics = topics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, PurchaseStream>> prepareEventSources(
      EventSourceContext<PurchaseStream> context) {
    return workload.eventSources(context);
  }

  @Override
  public UpdateControl<PurchaseStream> reconcile(
      PurchaseStream stream, Context<PurchaseStream> context) throws PulsarException {
    StreamModel model = StreamModel.fromCrd(stream, config);
    workload.reconcile(stream, context);
    TopicReconciler.Report topic = topics.reconcile(model);
    WorkloadDiagnosis.Result pods = workload.observe(model, context);

    PurchaseStreamStatus status =
        StatusAggregator.aggregate(
            model, Observation.of(topic, pods), previous(stream), clock.instant());
    Events events = new Events(context.getClient(), clock);
    events.topicChanges(stream, model, topic.changes(), topic.partitions());
    events.problems(stream, previous(stream), status);
    return withStatus(stream, status).rescheduleAfter(config.statsPeriod());
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
   * With {@code deletionPolicy: Delete}: stops the workload first (a producer still running would
   * have the broker create the topic again right after its deletion), then deletes the topic. A
   * failed deletion is shown on the stream and retried by the framework with backoff.
   */
  @Override
  public DeleteControl cleanup(PurchaseStream stream, Context<PurchaseStream> context) {
    StreamModel model = StreamModel.fromCrd(stream, config);
    topics.forget(model);
    if (model.deletionPolicy() == DeletionPolicy.Retain) {
      return DeleteControl.defaultDelete();
    }
    Events events = new Events(context.getClient(), clock);
    Workload.Stop stop = workload.stop(context);
    if (stop == Workload.Stop.REQUESTED) {
      events.normal(
          stream,
          "StoppingWorkload",
          "stopping the producer and consumer before deleting topic " + model.topic().topic());
    }
    if (stop != Workload.Stop.STOPPED) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(WORKLOAD_STOP_CHECK.toMillis());
    }
    try {
      topics.delete(model);
    } catch (PulsarException e) {
      showDeletionBlocked(stream, context, e);
      throw new IllegalStateException(e.getMessage(), e);
    }
    events.normal(
        stream,
        "TopicDeleted",
        "deleted topic " + model.topic().topic() + " (deletionPolicy Delete)");
    return DeleteControl.defaultDelete();
  }

  /** JOSDK writes no status for a cleanup: the blocked deletion is written here, when new. */
  private void showDeletionBlocked(
      PurchaseStream stream, Context<PurchaseStream> context, PulsarException e) {
    Failure failure =
        new Failure(
            StatusAggregator.TOPIC_READY,
            new Problem(
                "TopicDeletionFailed",
                e.getMessage()
                    + "; the PurchaseStream stays until its topic is deleted (deletionPolicy"
                    + " Delete), retrying with backoff. To keep the topic instead, set"
                    + " spec.topic.deletionPolicy to Retain."));
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

  private PurchaseStreamStatus failedStatus(
      PurchaseStream stream, Context<PurchaseStream> context, Failure failure) {
    StreamModel model = StreamModel.fromCrd(stream, config);
    WorkloadDiagnosis.Result pods = workload.lastSeen(model, context);
    return StatusAggregator.aggregate(
        model,
        Observation.afterFailure(failure, pods, previous(stream)),
        previous(stream),
        clock.instant());
  }

  private static UpdateControl<PurchaseStream> withStatus(
      PurchaseStream stream, PurchaseStreamStatus status) {
    if (status.equals(stream.getStatus())) {
      return UpdateControl.noUpdate();
    }
    stream.setStatus(status);
    return UpdateControl.patchStatus(stream);
  }

  private static Optional<PurchaseStreamStatus> previous(PurchaseStream stream) {
    return Optional.ofNullable(stream.getStatus());
  }
}
