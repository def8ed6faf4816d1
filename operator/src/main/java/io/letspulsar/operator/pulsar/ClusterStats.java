package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.PulsarCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live figures of the topics of each Pulsar cluster, read in bulk: once per stats period per
 * cluster, one call per broker ({@link PulsarTopics#topicStats}), whatever the number of streams. A
 * stream's figures are its topic's (its partitions' summed), its subscription's backlog and
 * consumers; a topic no broker has loaded (nobody uses it) has none yet and counts as quiet. An
 * operator whose role may not read every topic's stats (Pulsar allows it super-users only) reads
 * each stream's topic instead, once per stream and period.
 */
public final class ClusterStats {
  /**
   * Every loaded topic's figures (partitions by their own names), and when they were read.
   *
   * @param identity the cluster's identity they were read with
   */
  private record Snapshot(
      String identity, Instant readAt, Map<String, PulsarTopics.RawStats> topics) {

    boolean freshFor(PulsarCluster cluster, Instant now, Duration period) {
      return identity.equals(cluster.identity()) && readAt.plus(period).isAfter(now);
    }
  }

  private final PulsarConnections connections;
  private final Duration period;
  private final Clock clock;
  private final Map<String, Snapshot> byCluster = new ConcurrentHashMap<>();

  /** Identities of the clusters whose operator role may not read every topic's stats. */
  private final Set<String> perTopic = ConcurrentHashMap.newKeySet();

  public ClusterStats(PulsarConnections connections, Duration period, Clock clock) {
    this.connections = connections;
    this.period = period;
    this.clock = clock;
  }

  /**
   * @param partitions as the topic has them; 0 for a non-partitioned topic
   * @return the figures and when they were read
   */
  public Figures of(PulsarCluster cluster, String topic, int partitions, String subscription)
      throws PulsarException {
    if (perTopic.contains(cluster.identity())) {
      return perTopic(cluster, topic, partitions, subscription);
    }
    Snapshot snapshot;
    try {
      snapshot = snapshot(cluster);
    } catch (PulsarException e) {
      if (e.reason() != PulsarException.Reason.FORBIDDEN) {
        throw e;
      }
      // Pulsar lets only super-users read every topic's stats: this role reads its own.
      perTopic.add(cluster.identity());
      return perTopic(cluster, topic, partitions, subscription);
    }
    return new Figures(
        figures(snapshot.topics(), topic, partitions, subscription), snapshot.readAt());
  }

  private Figures perTopic(PulsarCluster cluster, String topic, int partitions, String subscription)
      throws PulsarException {
    return new Figures(
        figures(
            connections.topics(cluster).stats(topic, partitions), topic, partitions, subscription),
        clock.instant());
  }

  /**
   * A topic's figures summed over its partitions; a producer or consumer attached to several
   * partitions (one client of a partitioned topic) counts once.
   */
  private static TopicStats figures(
      Map<String, PulsarTopics.RawStats> topics,
      String topic,
      int partitions,
      String subscription) {
    double in = 0;
    double out = 0;
    long backlog = 0;
    Set<String> producers = new HashSet<>();
    Set<String> consumers = new HashSet<>();
    for (int partition = 0; partition < Math.max(1, partitions); partition++) {
      PulsarTopics.RawStats stats =
          topics.get(partitions == 0 ? topic : topic + "-partition-" + partition);
      if (stats == null) {
        continue;
      }
      in += stats.msgRateIn();
      out += stats.msgRateOut();
      producers.addAll(stats.producers());
      PulsarTopics.RawStats.Subscription sub = stats.subscriptions().get(subscription);
      if (sub != null) {
        backlog += sub.backlog();
        consumers.addAll(sub.consumers());
      }
    }
    return new TopicStats(in, out, backlog, producers.size(), consumers.size());
  }

  /** A stream's figures and when they were read. */
  public record Figures(TopicStats stats, Instant readAt) {}

  /** The cluster's figures, read again when older than the period; one reader at a time. */
  private Snapshot snapshot(PulsarCluster cluster) throws PulsarException {
    Instant now = clock.instant();
    Snapshot snapshot = byCluster.get(cluster.name());
    if (snapshot != null && snapshot.freshFor(cluster, now, period)) {
      return snapshot;
    }
    synchronized (this) {
      snapshot = byCluster.get(cluster.name());
      if (snapshot == null || !snapshot.freshFor(cluster, now, period)) {
        snapshot = new Snapshot(cluster.identity(), now, connections.topics(cluster).topicStats());
        byCluster.put(cluster.name(), snapshot);
      }
      return snapshot;
    }
  }
}
