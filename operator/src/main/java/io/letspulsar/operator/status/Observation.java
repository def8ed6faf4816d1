package io.letspulsar.operator.status;

import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.operator.pulsar.TopicReconciler;
import io.letspulsar.operator.pulsar.TopicStats;
import java.time.Instant;
import java.util.Optional;

/**
 * What one reconcile saw, the input of {@link StatusAggregator}.
 *
 * @param topicProblem why the topic is not as asked; empty when it is
 * @param workloadProblem why fewer pods are ready than asked for, or the objects were refused
 * @param otherProblem a failure that belongs to neither, shown on Ready only
 * @param partitions partitions the topic has
 * @param readyReplicas pods of the Deployment that are ready
 * @param stats the topic's live figures and when they were read; empty: not read this time
 */
public record Observation(
    Optional<Problem> topicProblem,
    Optional<Problem> workloadProblem,
    Optional<Problem> otherProblem,
    int partitions,
    int readyReplicas,
    Optional<TopicStats> stats,
    Optional<Instant> statsReadAt) {

  /** A reconcile that went through: the topic's look and the pods' diagnosis. */
  public static Observation of(TopicReconciler.Report topic, WorkloadDiagnosis.Result workload) {
    return new Observation(
        topic.refusal(),
        workload.problem(),
        Optional.empty(),
        topic.partitions(),
        workload.readyReplicas(),
        Optional.of(topic.stats()),
        Optional.of(topic.statsReadAt()));
  }

  /**
   * A reconcile that failed: the failure on its condition, the pods as last seen, and what was not
   * looked at this time (the topic's partitions, stats and condition) as the status last said.
   */
  public static Observation afterFailure(
      Failure failure, WorkloadDiagnosis.Result workload, Optional<PurchaseStreamStatus> previous) {
    Optional<Problem> failed = Optional.of(failure.problem());
    Optional<Problem> lastTopicProblem =
        previous
            .flatMap(status -> status.condition(StatusAggregator.TOPIC_READY))
            .filter(condition -> condition.getStatus().equals("False"))
            .map(condition -> new Problem(condition.getReason(), condition.getMessage()));
    return new Observation(
        failure.condition().equals(StatusAggregator.TOPIC_READY) ? failed : lastTopicProblem,
        failure.condition().equals(StatusAggregator.WORKLOAD_READY) ? failed : workload.problem(),
        failure.condition().equals(StatusAggregator.READY) ? failed : Optional.empty(),
        previous.map(status -> status.partitions).orElse(0),
        workload.readyReplicas(),
        Optional.empty(),
        Optional.empty());
  }
}
