package io.letspulsar.operator.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.PulsarExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The figures in a stream's status, read in bulk from a real broker: the same as the topic's own
 * stats, at one admin call per period for any number of topics.
 */
@ExtendWith(PulsarExtension.class)
class ClusterStatsTest {
  private static final Duration PERIOD = Duration.ofSeconds(1);

  private PulsarCluster cluster;
  private MeteredPulsarTopics topics;
  private PulsarConnections connections;
  private PulsarClient client;
  private String prefix;

  @BeforeEach
  void connect(EmbeddedPulsar pulsar) throws Exception {
    cluster = PulsarCluster.unsecured(pulsar.adminUrl(), pulsar.serviceUrl());
    topics = new MeteredPulsarTopics(AdminPulsarTopics.connect(cluster), new SimpleMeterRegistry());
    connections = new PulsarConnections(c -> topics, 1, Duration.ofMinutes(1), Clock.systemUTC());
    client = PulsarClient.builder().serviceUrl(pulsar.serviceUrl()).build();
    prefix = "persistent://public/default/stats-" + UUID.randomUUID() + "-";
  }

  @AfterEach
  void close() throws Exception {
    client.close();
    connections.close();
  }

  /** The same broker, for a role Pulsar does not let read every topic's stats. */
  private PulsarConnections bulkReadsForbidden() {
    PulsarTopics notSuperUser =
        (PulsarTopics)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {PulsarTopics.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("topicStats")) {
                    throw new PulsarException(
                        PulsarException.Reason.FORBIDDEN, "super-users only", null);
                  }
                  try {
                    return method.invoke(topics, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    return new PulsarConnections(c -> notSuperUser, 1, Duration.ofMinutes(1), Clock.systemUTC());
  }

  @Test
  void aStreamsFiguresAreItsTopicsSummedOverPartitionsForItsSubscription(EmbeddedPulsar pulsar)
      throws Exception {
    String topic = prefix + "partitioned";
    pulsar.admin().topics().createPartitionedTopic(topic, 2);
    client.newConsumer().topic(topic).subscriptionName("audit").subscribe().close();
    try (Consumer<String> consumer =
            client.newConsumer(Schema.STRING).topic(topic).subscriptionName("billing").subscribe();
        Producer<String> producer = client.newProducer(Schema.STRING).topic(topic).create()) {
      for (int i = 0; i < 10; i++) {
        producer.newMessage().key("customer-" + i).value("purchase-" + i).send();
      }
      ClusterStats stats = new ClusterStats(connections, PERIOD, Clock.systemUTC());

      // Brokers refresh these figures on their own stats period (statsUpdateFrequencyInSecs).
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                TopicStats figures = stats.of(cluster, topic, 2, "audit").stats();
                assertThat(figures.backlog()).isEqualTo(10);
                assertThat(figures.producers())
                    .as("one producer, attached to both partitions")
                    .isOne();
                assertThat(figures.consumers()).as("audit has none connected").isZero();
                assertThat(figures.msgRateIn()).isPositive();
              });
      assertThat(stats.of(cluster, topic, 2, "billing").stats().consumers()).isOne();
      try (PulsarConnections notSuperUser = bulkReadsForbidden()) {
        assertThat(
                new ClusterStats(notSuperUser, PERIOD, Clock.systemUTC())
                    .of(cluster, topic, 2, "audit")
                    .stats())
            .as("the same as what an operator without super-user reads topic by topic")
            .usingRecursiveComparison()
            .ignoringFields("msgRateIn", "msgRateOut")
            .isEqualTo(stats.of(cluster, topic, 2, "audit").stats());
      }
      consumer.acknowledge(consumer.receive());
    }
  }

  @Test
  void aPeriodCostsOneBulkReadWhateverTheNumberOfStreams(EmbeddedPulsar pulsar) throws Exception {
    for (int i = 0; i < 20; i++) {
      pulsar.admin().topics().createNonPartitionedTopic(prefix + i);
      client.newConsumer().topic(prefix + i).subscriptionName("s").subscribe().close();
    }
    ClusterStats stats = new ClusterStats(connections, Duration.ofMinutes(1), Clock.systemUTC());
    long before = topics.statsReads();

    for (int i = 0; i < 20; i++) {
      assertThat(stats.of(cluster, prefix + i, 0, "s").stats().backlog()).isZero();
    }
    assertThat(stats.of(cluster, prefix + "never-used", 0, "s").stats())
        .as("a topic no broker has loaded counts as quiet")
        .isEqualTo(new TopicStats(0, 0, 0, 0, 0));

    assertThat(topics.statsReads() - before).as("stats reads for 21 streams in one period").isOne();
  }
}
