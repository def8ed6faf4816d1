package io.letspulsar.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.letspulsar.operator.api.PulsarSpec;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.operator.api.SecretKeyRef;
import io.letspulsar.operator.api.TopicSpec;
import io.letspulsar.operator.dependent.WorkloadConfigMapDependent;
import io.letspulsar.operator.dependent.WorkloadDeploymentDependent;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.operator.pulsar.PulsarTopics;
import io.letspulsar.operator.pulsar.PulsarTopicsException;
import io.letspulsar.operator.pulsar.TopicPlan;
import io.letspulsar.operator.pulsar.TopicStats;
import io.letspulsar.operator.pulsar.TopicSync;
import io.letspulsar.operator.status.Observation;
import io.letspulsar.operator.status.Observation.Problem;
import io.letspulsar.operator.status.StatusAggregator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Reconciles a PurchaseStream: its ConfigMaps and Deployment (dependents), its topic (through
 * Pulsar's admin API) and a status that says what is true. Writes only what differs.
 */
@ControllerConfiguration(name = PurchaseStreamReconciler.NAME)
public class PurchaseStreamReconciler
    implements Reconciler<PurchaseStream>, Cleaner<PurchaseStream> {
  public static final String NAME = "purchasestream";
  private static final Duration MAX_DELETE_BACKOFF = Duration.ofMinutes(5);
  private static final Duration WORKLOAD_STOP_CHECK = Duration.ofSeconds(2);

  private final OperatorConfig config;
  private final PulsarConnections pulsar;
  private final Clock clock;
  private final WorkloadConfigMapDependent producerConfigMap;
  private final WorkloadConfigMapDependent consumerConfigMap;
  private final WorkloadDeploymentDependent deployment;
  private final Map<String, Integer> failedTopicDeletions = new ConcurrentHashMap<>();
  private final Map<String, TopicCheck> lastTopicChecks = new ConcurrentHashMap<>();

  public PurchaseStreamReconciler(OperatorConfig config, PulsarConnections pulsar, Clock clock) {
    this.config = config;
    this.pulsar = pulsar;
    this.clock = clock;
    this.producerConfigMap = new WorkloadConfigMapDependent(Names.PRODUCER, config);
    this.consumerConfigMap = new WorkloadConfigMapDependent(Names.CONSUMER, config);
    this.deployment = new WorkloadDeploymentDependent(config);
  }

  @Override
  public List<EventSource<?, PurchaseStream>> prepareEventSources(
      EventSourceContext<PurchaseStream> context) {
    return EventSourceUtils.dependentEventSources(
        context, producerConfigMap, consumerConfigMap, deployment);
  }

  @Override
  public UpdateControl<PurchaseStream> reconcile(
      PurchaseStream stream, Context<PurchaseStream> context) throws PulsarTopicsException {
    Events events = new Events(context.getClient(), clock);
    producerConfigMap.reconcile(stream, context);
    consumerConfigMap.reconcile(stream, context);
    deployment.reconcile(stream, context);

    Instant now = clock.instant();
    TopicCheck check = checkTopic(stream, now);
    TopicSync.Result topic = check.result();
    for (TopicSync.Change change : topic.changes()) {
      events.normal(stream, eventReason(change), eventMessage(change, stream, topic));
    }
    Optional<Problem> topicProblem =
        topic.refusal().map(refusal -> new Problem(refusal.reason(), refusal.message()));
    topicProblem
        .filter(problem -> !alreadyReported(stream, StatusAggregator.TOPIC_READY, problem))
        .ifPresent(problem -> events.warning(stream, problem.reason(), problem.message()));

    int ready = readyReplicas(stream, context);
    Optional<Problem> workloadProblem =
        missingSecret(stream, context).or(() -> stuckPod(stream, context, ready));
    workloadProblem
        .filter(problem -> !alreadyReported(stream, StatusAggregator.WORKLOAD_READY, problem))
        .ifPresent(problem -> events.warning(stream, problem.reason(), problem.message()));

    Observation seen =
        new Observation(
            topicProblem,
            workloadProblem,
            topic.partitions(),
            ready,
            Optional.of(check.stats()),
            Optional.of(check.at()));
    return withStatus(stream, StatusAggregator.aggregate(stream, seen, previous(stream), now))
        .rescheduleAfter(config.statsPeriod());
  }

  /** One look at a topic through the admin API: what the sync did and the stats after it. */
  private record TopicCheck(
      long generation, Instant at, TopicSync.Result result, TopicStats stats) {
    /** The same check without its changes, for reconciles that reuse it. */
    TopicCheck reused() {
      return new TopicCheck(
          generation,
          at,
          new TopicSync.Result(result.partitions(), List.of(), result.refusal()),
          stats);
    }
  }

  /**
   * Syncs the topic and reads its stats at most once per stats period for an unchanged spec: a
   * burst of events (the dependents' own writes, pods coming up) reuses the last look instead of
   * repeating five admin calls each time. A spec change or an expired look goes to Pulsar.
   */
  private TopicCheck checkTopic(PurchaseStream stream, Instant now) throws PulsarTopicsException {
    String uid = stream.getMetadata().getUid();
    long generation = Optional.ofNullable(stream.getMetadata().getGeneration()).orElse(0L);
    TopicCheck last = lastTopicChecks.get(uid);
    if (last != null
        && last.generation() == generation
        && last.at().plus(config.statsPeriod()).isAfter(now)) {
      return last.reused();
    }
    lastTopicChecks.remove(uid);
    PulsarTopics topics = pulsar.forAdminUrl(adminUrl(stream));
    TopicSync.Result result = TopicSync.sync(topics, TopicPlan.of(stream));
    TopicStats stats =
        topics.stats(Names.topic(stream), result.partitions(), Names.subscription(stream));
    TopicCheck check = new TopicCheck(generation, now, result, stats);
    lastTopicChecks.put(uid, check);
    return check;
  }

  @Override
  public ErrorStatusUpdateControl<PurchaseStream> updateErrorStatus(
      PurchaseStream stream, Context<PurchaseStream> context, Exception e) {
    Problem problem = problemOf(e);
    if (!alreadyReported(stream, StatusAggregator.TOPIC_READY, problem)) {
      new Events(context.getClient(), clock).warning(stream, problem.reason(), problem.message());
    }
    PurchaseStreamStatus status = statusWithTopicProblem(stream, context, problem);
    if (sameStatus(stream, status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    stream.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(stream);
  }

  @Override
  public DeleteControl cleanup(PurchaseStream stream, Context<PurchaseStream> context) {
    String uid = stream.getMetadata().getUid();
    lastTopicChecks.remove(uid);
    TopicSpec.DeletionPolicy policy =
        Optional.ofNullable(stream.getSpec().topic)
            .map(topic -> topic.deletionPolicy)
            .orElse(TopicSpec.DeletionPolicy.Retain);
    if (policy == TopicSpec.DeletionPolicy.Retain) {
      return DeleteControl.defaultDelete();
    }
    Events events = new Events(context.getClient(), clock);
    String topic = Names.topic(stream);
    // The producer and consumer stop first: a producer still running would have the broker
    // create the topic again right after its deletion.
    Optional<Deployment> workload = context.getSecondaryResource(Deployment.class);
    if (workload.isPresent()) {
      if (workload.get().getMetadata().getDeletionTimestamp() == null) {
        context
            .getClient()
            .resource(workload.get())
            .withPropagationPolicy(DeletionPropagation.FOREGROUND)
            .delete();
        events.normal(
            stream,
            "StoppingWorkload",
            "stopping the producer and consumer before deleting topic " + topic);
      }
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(WORKLOAD_STOP_CHECK.toMillis());
    }
    try {
      pulsar.forAdminUrl(adminUrl(stream)).delete(topic);
      failedTopicDeletions.remove(uid);
      events.normal(stream, "TopicDeleted", "deleted topic " + topic + " (deletionPolicy Delete)");
      return DeleteControl.defaultDelete();
    } catch (PulsarTopicsException e) {
      int attempt = failedTopicDeletions.merge(uid, 1, Integer::sum);
      Duration backoff =
          Duration.ofSeconds(Math.min(MAX_DELETE_BACKOFF.toSeconds(), 1L << Math.min(attempt, 9)));
      String message =
          e.getMessage()
              + "; the PurchaseStream stays until its topic is deleted (deletionPolicy Delete)."
              + " Retry "
              + attempt
              + " in "
              + backoff.toSeconds()
              + " s. To keep the topic instead, set spec.topic.deletionPolicy to Retain.";
      events.warning(stream, "TopicDeletionFailed", message);
      markDeletionBlocked(stream, context, message);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(backoff.toMillis());
    }
  }

  private void markDeletionBlocked(
      PurchaseStream stream, Context<PurchaseStream> context, String message) {
    PurchaseStreamStatus status =
        statusWithTopicProblem(stream, context, new Problem("TopicDeletionFailed", message));
    if (!sameStatus(stream, status)) {
      context
          .getClient()
          .resources(PurchaseStream.class)
          .inNamespace(stream.getMetadata().getNamespace())
          .withName(stream.getMetadata().getName())
          .editStatus(
              current -> {
                current.setStatus(status);
                return current;
              });
    }
  }

  /**
   * The status when the topic could not be handled: the problem in the conditions, the last known
   * partitions, and the last stats (stale figures carry their time; better than none).
   */
  private PurchaseStreamStatus statusWithTopicProblem(
      PurchaseStream stream, Context<PurchaseStream> context, Problem problem) {
    Optional<PurchaseStreamStatus> previous = previous(stream);
    Observation seen =
        new Observation(
            Optional.of(problem),
            Optional.empty(),
            previous.map(s -> s.partitions).orElse(0),
            readyReplicas(stream, context),
            Optional.empty(),
            Optional.empty());
    PurchaseStreamStatus status =
        StatusAggregator.aggregate(stream, seen, previous, clock.instant());
    status.stats = previous.map(s -> s.stats).orElse(null);
    return status;
  }

  private UpdateControl<PurchaseStream> withStatus(
      PurchaseStream stream, PurchaseStreamStatus status) {
    if (sameStatus(stream, status)) {
      return UpdateControl.noUpdate();
    }
    stream.setStatus(status);
    return UpdateControl.patchStatus(stream);
  }

  private static boolean sameStatus(PurchaseStream stream, PurchaseStreamStatus status) {
    return stream.getStatus() != null
        && Serialization.asJson(stream.getStatus()).equals(Serialization.asJson(status));
  }

  private static Optional<PurchaseStreamStatus> previous(PurchaseStream stream) {
    return Optional.ofNullable(stream.getStatus());
  }

  /** A condition already says this: do not repeat the event on every resync. */
  private static boolean alreadyReported(PurchaseStream stream, String type, Problem problem) {
    return previous(stream).map(s -> s.conditions).orElse(List.of()).stream()
        .filter(c -> c.getType().equals(type))
        .map(Condition::getReason)
        .anyMatch(problem.reason()::equals);
  }

  private static int readyReplicas(PurchaseStream stream, Context<PurchaseStream> context) {
    return context
        .getSecondaryResource(Deployment.class)
        .map(Deployment::getStatus)
        .map(DeploymentStatus::getReadyReplicas)
        .orElse(0);
  }

  /** Why a pod of this stream cannot run, when the kubelet says so (read only when not ready). */
  private static Optional<Problem> stuckPod(
      PurchaseStream stream, Context<PurchaseStream> context, int ready) {
    boolean unavailable =
        context
            .getSecondaryResource(Deployment.class)
            .map(Deployment::getStatus)
            .map(DeploymentStatus::getUnavailableReplicas)
            .filter(count -> count > 0)
            .isPresent();
    // Only when the Deployment controller reports pods it cannot make available.
    if (!unavailable || ready >= Optional.ofNullable(stream.getSpec().replicas).orElse(1)) {
      return Optional.empty();
    }
    return context
        .getClient()
        .pods()
        .inNamespace(stream.getMetadata().getNamespace())
        .withLabels(Names.selector(stream))
        .list()
        .getItems()
        .stream()
        .flatMap(
            pod ->
                Optional.ofNullable(pod.getStatus())
                    .map(PodStatus::getContainerStatuses)
                    .orElse(List.of())
                    .stream()
                    .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
                    .filter(c -> STUCK.containsKey(c.getState().getWaiting().getReason()))
                    .map(
                        c ->
                            new Problem(
                                STUCK.get(c.getState().getWaiting().getReason()),
                                "pod "
                                    + pod.getMetadata().getName()
                                    + ", container "
                                    + c.getName()
                                    + ": "
                                    + c.getState().getWaiting().getReason()
                                    + Optional.ofNullable(c.getState().getWaiting().getMessage())
                                        .map(m -> ": " + m)
                                        .orElse(""))))
        .findFirst();
  }

  /** Kubelet waiting reasons that need a person, and the condition reason they become. */
  private static final Map<String, String> STUCK =
      Map.of(
          "ErrImagePull", "ImagePullFailed",
          "ImagePullBackOff", "ImagePullFailed",
          "InvalidImageName", "ImagePullFailed",
          "ErrImageNeverPull", "ImagePullFailed",
          "CrashLoopBackOff", "ContainerCrashLooping",
          "CreateContainerConfigError", "ContainerConfigError");

  private Optional<Problem> missingSecret(PurchaseStream stream, Context<PurchaseStream> context) {
    PulsarSpec pulsarSpec = Optional.ofNullable(stream.getSpec().pulsar).orElseGet(PulsarSpec::new);
    return Stream.of(
            Optional.ofNullable(pulsarSpec.authentication).map(a -> a.tokenSecretRef),
            Optional.ofNullable(pulsarSpec.tls).map(t -> t.trustCertsSecretRef))
        .flatMap(Optional::stream)
        .filter(ref -> !secretHasKey(context, stream.getMetadata().getNamespace(), ref))
        .findFirst()
        .map(
            ref ->
                new Problem(
                    "SecretNotFound",
                    "Secret "
                        + ref.name
                        + " with key "
                        + ref.key
                        + " is missing in namespace "
                        + stream.getMetadata().getNamespace()
                        + "; the pods cannot start until it exists (kubectl create secret generic "
                        + ref.name
                        + " --from-file="
                        + ref.key
                        + "=...)"));
  }

  private static boolean secretHasKey(
      Context<PurchaseStream> context, String namespace, SecretKeyRef ref) {
    Secret secret = context.getClient().secrets().inNamespace(namespace).withName(ref.name).get();
    return secret != null
        && ((secret.getData() != null && secret.getData().containsKey(ref.key))
            || (secret.getStringData() != null && secret.getStringData().containsKey(ref.key)));
  }

  private String adminUrl(PurchaseStream stream) {
    return Optional.ofNullable(stream.getSpec().pulsar)
        .map(p -> p.adminUrl)
        .orElse(config.adminUrl());
  }

  /** The framework may wrap what reconcile threw (e.g. when it times the reconciliation). */
  private static Problem problemOf(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PulsarTopicsException pulsarError) {
        boolean unreachable = pulsarError.getMessage().contains("unreachable");
        return new Problem(
            unreachable ? "PulsarUnavailable" : "PulsarRefused",
            pulsarError.getMessage() + "; retrying with backoff");
      }
    }
    return new Problem(
        "ReconcileFailed",
        e.getClass().getSimpleName() + ": " + e.getMessage() + "; retrying with backoff");
  }

  private static String eventReason(TopicSync.Change change) {
    return switch (change) {
      case CREATED -> "TopicCreated";
      case PARTITIONS_GROWN -> "PartitionsGrown";
      case POLICIES_CHANGED -> "TopicPoliciesChanged";
    };
  }

  private static String eventMessage(
      TopicSync.Change change, PurchaseStream stream, TopicSync.Result result) {
    String topic = Names.topic(stream);
    return switch (change) {
      case CREATED -> "created topic " + topic + " with " + result.partitions() + " partitions";
      case PARTITIONS_GROWN -> "grew topic " + topic + " to " + result.partitions() + " partitions";
      case POLICIES_CHANGED ->
          "set the topic policies of " + topic + " (retention, TTL, kept when inactive)";
    };
  }
}
