package io.letspulsar.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.letspulsar.operator.dependent.WorkloadException;
import io.letspulsar.operator.pulsar.PulsarException;
import org.junit.jupiter.api.Test;

class FailureTest {

  private static KubernetesClientException refused(int code, String reason, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build());
  }

  @Test
  void pulsarsFailuresGoOnTopicReadyWithTheirReason() {
    PulsarException unreachable =
        new PulsarException(
            PulsarException.Reason.UNREACHABLE,
            "could not read topic t: Pulsar is unreachable",
            null);

    assertThat(Failure.of(new RuntimeException("wrapped by the framework", unreachable)))
        .hasValueSatisfying(
            f -> {
              assertThat(f.condition()).isEqualTo(StatusAggregator.TOPIC_READY);
              assertThat(f.problem().reason()).isEqualTo("PulsarUnavailable");
              assertThat(f.problem().message())
                  .isEqualTo(
                      "could not read topic t: Pulsar is unreachable; retrying with backoff");
            });
  }

  @Test
  void theApiServersRefusalOfTheObjectsGoesOnWorkloadReadyWithItsReason() {
    WorkloadException quota =
        new WorkloadException(refused(403, "Forbidden", "exceeded quota: pods=2"));

    assertThat(Failure.of(quota))
        .hasValueSatisfying(
            f -> {
              assertThat(f.condition()).isEqualTo(StatusAggregator.WORKLOAD_READY);
              assertThat(f.problem().reason()).isEqualTo("Forbidden");
              assertThat(f.problem().message()).contains("exceeded quota: pods=2");
            });
  }

  @Test
  void aCallTheStoppingOperatorInterruptedShowsNothing() {
    assertThat(
            Failure.of(
                new PulsarException(
                    PulsarException.Reason.REFUSED,
                    "could not read topic: Pulsar refused (HTTP 500)",
                    new RuntimeException(new InterruptedException()))))
        .isEmpty();
  }

  @Test
  void aWriteConflictIsRetriedQuietly() {
    assertThat(Failure.of(refused(409, "Conflict", "the object has been modified"))).isEmpty();
  }

  @Test
  void anythingElseShowsOnReadyAsAFailedReconcile() {
    assertThat(Failure.of(new IllegalStateException("boom")))
        .hasValueSatisfying(
            f -> {
              assertThat(f.condition()).isEqualTo(StatusAggregator.READY);
              assertThat(f.problem().reason()).isEqualTo("ReconcileFailed");
              assertThat(f.problem().message()).startsWith("IllegalStateException: boom");
            });
  }
}
