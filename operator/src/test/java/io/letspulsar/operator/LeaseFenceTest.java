package io.letspulsar.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a replica with leader election may write, and when (the API server's side is mocked). */
@EnableKubernetesMockClient(crud = true, https = false)
class LeaseFenceTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  static KubernetesClient client;
  static KubernetesMockServer server;

  private final AtomicLong nanos = new AtomicLong(42);
  private final LeaseFence fence = new LeaseFence("operators", DEADLINE, nanos::get);
  private KubernetesClient fenced;

  @BeforeEach
  void fence() {
    fenced = OperatorClient.from(client, Optional.of(fence));
  }

  @AfterEach
  void close() {
    fenced.close();
  }

  @Test
  void writesNothingButTheLeaseUntilItHoldsTheLease() {
    assertThatThrownBy(() -> write("before"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("does not hold the lease");
    assertThat(fenced.configMaps().inNamespace("operators").list().getItems())
        .as("reads pass")
        .isEmpty();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReturn(201, new SelfSubjectAccessReview())
        .once();
    assertThat(fenced.resource(new SelfSubjectAccessReview()).create())
        .as("an access review, which JOSDK asks at start and which stores nothing, passes")
        .isNotNull();

    renew();
    write("after");

    assertThat(client.configMaps().inNamespace("operators").list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("after");
  }

  @Test
  void stopsWritingOnceTheRenewDeadlinePassedSinceTheLastRenewalAndAgainAfterOne() {
    renew();
    nanos.addAndGet(DEADLINE.minusMillis(1).toNanos());
    write("in-time");

    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertThatThrownBy(() -> write("late"))
        .hasMessageContaining("last renewed 10000 ms ago, past the renew deadline of 10000 ms");
    assertThatThrownBy(fence::check).as("nor to Pulsar").hasMessageContaining("10000 ms ago");

    renew();
    write("renewed");
    assertThat(client.configMaps().inNamespace("operators").withName("late").get()).isNull();
  }

  @Test
  void aRenewalCountsFromWhenItWasSentNotAnswered() {
    renew();
    client.resource(lease("taken")).create();
    // The first renewal sent after this one fails (a conflict): it is kept as the earliest attempt,
    // so the next one, accepted, counts from then.
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThatThrownBy(() -> fenced.resource(lease("taken")).create())
        .isInstanceOf(KubernetesClientException.class);
    nanos.addAndGet(Duration.ofSeconds(7).toNanos());
    renew();
    nanos.addAndGet(Duration.ofSeconds(3).toNanos());

    assertThatThrownBy(() -> write("late")).hasMessageContaining("last renewed 10000 ms ago");
  }

  @Test
  void aRevokedFenceStaysShutAfterARenewal() {
    renew();
    fence.revoke();
    renew();

    assertThatThrownBy(() -> write("revoked")).hasMessageContaining("does not hold the lease");
    assertThatThrownBy(fence::check).hasMessageContaining("does not hold the lease");
  }

  private void renew() {
    fenced.resource(lease("purchasestream-operator-lease")).createOr(l -> l.update());
  }

  private static Lease lease(String name) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("operators")
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity("this-replica")
        .endSpec()
        .build();
  }

  private void write(String name) {
    ConfigMap map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("operators")
            .endMetadata()
            .withData(Map.of("k", "v"))
            .build();
    fenced.resource(map).create();
  }
}
