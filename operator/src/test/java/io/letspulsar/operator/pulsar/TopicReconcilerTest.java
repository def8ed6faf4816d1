package io.letspulsar.operator.pulsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.letspulsar.operator.Streams;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.testing.TestClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** When the operator looks at Pulsar, and when it takes its last look's word. */
class TopicReconcilerTest {
  private static final Duration CHECK_PERIOD = Duration.ofMinutes(10);
  private static final Duration STATS_PERIOD = Duration.ofSeconds(30);

  private final TestClock clock = new TestClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final List<String> calls = new ArrayList<>();
  private final List<String> described = new ArrayList<>();

  /** A Pulsar where every topic exists as planned, noting each call made to it. */
  private final PulsarTopics pulsar =
      (PulsarTopics)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {PulsarTopics.class},
              (proxy, method, args) -> {
                calls.add(method.getName());
                if (method.getName().equals("describe")) {
                  described.add((String) args[0]);
                }
                return switch (method.getName()) {
                  case "describe" -> Optional.empty();
                  case "topicStats" -> Map.of();
                  default -> null;
                };
              });

  private final PulsarConnections connections =
      new PulsarConnections(cluster -> pulsar, 1, Duration.ofHours(1), clock);
  private final TopicReconciler topics =
      new TopicReconciler(
          connections, new ClusterStats(connections, STATS_PERIOD, clock), CHECK_PERIOD, clock);

  private static StreamModel stream(int i, long generation) {
    return Streams.model(
        """
        apiVersion: streams.letspulsar.io/v1alpha1
        kind: PurchaseStream
        metadata: {name: s-%d, namespace: shop, uid: uid-%d, generation: %d}
        spec: {}
        """
            .formatted(i, i, generation));
  }

  private long syncs() {
    return described.size();
  }

  @Test
  void anUnchangedSpecIsCheckedAgainOnlyOncePerCheckPeriodWhileAChangeIsAppliedAtOnce()
      throws Exception {
    topics.reconcile(stream(1, 1), Optional.empty(), owner -> false);
    clock.advance(Duration.ofMinutes(5));
    topics.reconcile(stream(1, 1), Optional.empty(), owner -> false);
    assertThat(syncs()).as("within 3/4 of the check period").isOne();

    topics.reconcile(stream(1, 2), Optional.empty(), owner -> false);
    assertThat(syncs()).as("a new generation of the spec").isEqualTo(2);

    clock.advance(CHECK_PERIOD.multipliedBy(5).dividedBy(4));
    topics.reconcile(stream(1, 2), Optional.empty(), owner -> false);
    assertThat(syncs()).as("after 5/4 of the check period").isEqualTo(3);
  }

  @Test
  void aRestartedOperatorTakesTheStatussWordAndSpreadsItsChecksOverTheCheckPeriod()
      throws Exception {
    int streams = 1000;
    for (int i = 0; i < streams; i++) {
      topics.reconcile(stream(i, 1), Optional.of(0), owner -> false);
    }
    assertThat(syncs()).as("Pulsar asked about no topic at start").isZero();
    assertThat(calls).as("the figures of all of them: one bulk read").containsExactly("topicStats");

    List<Long> checkedPerTenth =
        IntStream.range(0, 10)
            .mapToObj(
                tenth -> {
                  clock.advance(CHECK_PERIOD.dividedBy(10));
                  long before = syncs();
                  for (int i = 0; i < streams; i++) {
                    try {
                      topics.reconcile(stream(i, 1), Optional.of(0), owner -> false);
                    } catch (PulsarException e) {
                      throw new AssertionError(e);
                    }
                  }
                  return syncs() - before;
                })
            .toList();
    assertThat(described.stream().distinct().count())
        .as("every topic checked within the period")
        .isEqualTo(streams);
    assertThat(checkedPerTenth)
        .as("checks per tenth of the period (the early ones are due again near its end)")
        .allSatisfy(checked -> assertThat(checked).isBetween(50L, 200L));
  }
}
