package io.letspulsar.operator.status;

import io.letspulsar.operator.pulsar.TopicStats;
import java.time.Instant;
import java.util.Optional;

/**
 * What one reconcile saw, the input of {@link StatusAggregator}.
 *
 * @param topicProblem why the topic is not as asked (reason, message); empty when it is
 * @param workloadProblem why the pods cannot run (e.g. a missing Secret), beyond readiness
 * @param partitions partitions the topic has
 * @param readyReplicas pods of the Deployment that are ready
 * @param stats the topic's live figures and when they were read, if read
 */
public record Observation(
    Optional<Problem> topicProblem,
    Optional<Problem> workloadProblem,
    int partitions,
    int readyReplicas,
    Optional<TopicStats> stats,
    Optional<Instant> statsReadAt) {

  /** A condition's reason (CamelCase) and a message a person can act on. */
  public record Problem(String reason, String message) {}
}
