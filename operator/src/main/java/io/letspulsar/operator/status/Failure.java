package io.letspulsar.operator.status;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.letspulsar.operator.dependent.WorkloadException;
import io.letspulsar.operator.pulsar.PulsarException;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * A reconcile that failed, and the condition its problem belongs on: Pulsar's failures on {@link
 * StatusAggregator#TOPIC_READY}, the API server's refusals of the stream's objects on {@link
 * StatusAggregator#WORKLOAD_READY}, anything else on {@link StatusAggregator#READY}. Decided by the
 * failure's type, which the code that failed chose.
 */
public record Failure(String condition, Problem problem) {
  private static final String RETRYING = "; retrying with backoff";

  /**
   * What an exception thrown by a reconcile stands for (the framework may wrap it); empty for a
   * write conflict, which is retried quietly (someone else changed the object first), and for a
   * call the stopping operator interrupted.
   */
  public static Optional<Failure> of(Throwable thrown) {
    if (interrupted(thrown)) {
      return Optional.empty();
    }
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamRefusal refusal) {
        return Optional.of(refusal.failure());
      }
      if (cause instanceof PulsarException pulsar) {
        return Optional.of(
            new Failure(
                StatusAggregator.TOPIC_READY,
                new Problem(pulsar.reason().condition(), pulsar.getMessage() + RETRYING)));
      }
      if (cause instanceof WorkloadException workload) {
        return Optional.of(
            new Failure(
                StatusAggregator.WORKLOAD_READY,
                new Problem(workload.reason(), workload.getMessage() + RETRYING)));
      }
      if (cause instanceof KubernetesClientException k
          && k.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new Failure(
            StatusAggregator.READY,
            new Problem(
                "ReconcileFailed",
                thrown.getClass().getSimpleName() + ": " + thrown.getMessage() + RETRYING)));
  }

  /**
   * The operator is stopping and cut its own call short (SIGTERM, a lost lease): nothing the stream
   * should show; the next operator reconciles it again.
   */
  private static boolean interrupted(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException || cause instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }
}
