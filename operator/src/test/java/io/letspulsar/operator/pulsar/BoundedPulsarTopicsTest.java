package io.letspulsar.operator.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BoundedPulsarTopicsTest {
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicReference<PulsarException> failure = new AtomicReference<>();
  private final CountDownLatch answer = new CountDownLatch(1);
  private final CountDownLatch probing = new CountDownLatch(1);
  private boolean blockOnce;

  /** A cluster whose {@code describe} fails as told, or blocks once until told to answer. */
  private final PulsarTopics cluster =
      (PulsarTopics)
          Proxy.newProxyInstance(
              PulsarTopics.class.getClassLoader(),
              new Class<?>[] {PulsarTopics.class},
              (proxy, method, args) -> {
                calls.incrementAndGet();
                if (blockOnce) {
                  blockOnce = false;
                  probing.countDown();
                  answer.await(10, TimeUnit.SECONDS);
                  return Optional.empty();
                }
                if (failure.get() != null) {
                  throw failure.get();
                }
                return Optional.empty();
              });

  private final BoundedPulsarTopics bounded = new BoundedPulsarTopics(cluster);

  @Test
  void aClusterThatStoppedAnsweringHoldsOneCallAtATimeAndTheFirstAnswerFreesIt() throws Exception {
    failure.set(
        new PulsarException(
            PulsarException.Reason.NOT_RESPONDING, "Pulsar did not answer in 15 s", null));
    assertThatThrownBy(() -> bounded.describe("t")).hasMessage("Pulsar did not answer in 15 s");
    failure.set(null);

    blockOnce = true;
    CompletableFuture<Optional<TopicState>> probe =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return bounded.describe("t");
              } catch (PulsarException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(probing.await(10, TimeUnit.SECONDS)).isTrue();
    // While the one call tries the cluster again, the others fail at once, as it last failed.
    assertThatThrownBy(() -> bounded.delete("t"))
        .isInstanceOf(PulsarException.class)
        .hasMessage("Pulsar did not answer in 15 s");
    assertThat(calls).hasValue(2);

    answer.countDown();
    assertThat(probe.get(10, TimeUnit.SECONDS)).isEmpty();
    bounded.delete("t");
    bounded.delete("t");
    assertThat(calls).hasValue(4);
  }

  @Test
  void otherFailuresHoldNothingBack() {
    failure.set(new PulsarException(PulsarException.Reason.UNREACHABLE, "refused", null));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> bounded.describe("t")).hasMessage("refused");
    }
    assertThat(calls).hasValue(3);
  }
}
