package io.letspulsar.operator.pulsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.model.Tenancy;
import io.letspulsar.testing.TestClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PulsarConnectionsTest {
  private final List<String> closed = new ArrayList<>();
  private final TestClock clock = new TestClock(Instant.parse("2026-11-29T10:00:00Z"));

  /** A client that only notes when it is closed. */
  private PulsarTopics client(PulsarCluster cluster) {
    return (PulsarTopics)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {PulsarTopics.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                closed.add(cluster.identity());
              }
              return null;
            });
  }

  private PulsarConnections connections(int bound) {
    return new PulsarConnections(this::client, bound, Duration.ofMinutes(10), clock);
  }

  private static PulsarCluster cluster(String name, String identity) {
    return new PulsarCluster(
        name,
        identity,
        "http://" + name + ":8080",
        "pulsar://" + name + ":6650",
        new PulsarCluster.None(),
        Optional.empty(),
        true,
        Tenancy.OPEN);
  }

  @Test
  void oneClientPerClusterShared() throws Exception {
    PulsarConnections connections = connections(4);

    PulsarTopics first = connections.topics(cluster("a", "a-1"));

    assertThat(connections.topics(cluster("a", "a-1"))).isSameAs(first);
    assertThat(connections.open()).isEqualTo(1);
  }

  @Test
  void changedCredentialsCloseTheOldClient() throws Exception {
    PulsarConnections connections = connections(4);
    connections.topics(cluster("a", "a-1"));

    connections.topics(cluster("a", "a-2"));

    assertThat(closed).containsExactly("a-1");
    assertThat(connections.open()).isEqualTo(1);
  }

  @Test
  void theLeastRecentlyUsedGoesBeyondTheBound() throws Exception {
    PulsarConnections connections = connections(2);
    connections.topics(cluster("a", "a-1"));
    connections.topics(cluster("b", "b-1"));
    connections.topics(cluster("a", "a-1"));

    connections.topics(cluster("c", "c-1"));

    assertThat(closed).containsExactly("b-1");
    assertThat(connections.open()).isEqualTo(2);
  }

  @Test
  void anUnusedClientIsClosedAfterTheIdleTime() throws Exception {
    PulsarConnections connections = connections(4);
    connections.topics(cluster("a", "a-1"));
    clock.advance(Duration.ofMinutes(11));

    connections.topics(cluster("b", "b-1"));

    assertThat(closed).containsExactly("a-1");
  }

  @Test
  void refusedCredentialsEvictTheClientAndCloseWithTheRest() throws Exception {
    PulsarConnections connections = connections(4);
    connections.topics(cluster("a", "a-1"));
    connections.topics(cluster("b", "b-1"));

    connections.evict(cluster("a", "a-1"));
    connections.close();

    assertThat(closed).containsExactly("a-1", "b-1");
    assertThat(connections.open()).isZero();
  }
}
