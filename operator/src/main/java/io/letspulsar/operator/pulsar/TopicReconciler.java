package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.api.TopicSpec.DeletionPolicy;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.status.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Keeps each stream's topic as its spec says, through the {@link PulsarTopics} port of the stream's
 * Pulsar cluster, and gives its live figures. A topic is looked at (and brought in line) when its
 * stream's spec or cluster changed, and otherwise once per check period — spread over the period,
 * so thousands of streams made at once are not all checked in the same second; in between, every
 * reconcile reuses the last look and reads the figures from {@link ClusterStats}, which reads them
 * in bulk. A stream's last look is forgotten when the stream goes.
 */
public final class TopicReconciler {
  /**
   * One look at a stream's topic.
   *
   * @param partitions the partitions the topic has
   * @param changes what this look changed (empty when it reused an earlier look)
   * @param refusal why the spec cannot be applied, e.g. fewer partitions
   * @param statsReadAt when the stats were read
   */
  public record Report(
      int partitions,
      List<TopicSync.Change> changes,
      Optional<Problem> refusal,
      TopicStats stats,
      Instant statsReadAt) {}

  /** What became of a stream's topic when the stream went. */
  public enum Release {
    /** Deleted (deletionPolicy Delete), or it was already gone. */
    DELETED,
    /** Kept (deletionPolicy Retain), the stream's grant taken back; a later stream may adopt it. */
    KEPT,
    /** Another stream's topic, or one no stream made: left as it is. */
    NOT_OURS
  }

  /**
   * What the last look found, for the spec (generation) and cluster (identity) it was made for.
   *
   * @param dueAt when the topic is to be looked at again, the spec unchanged
   */
  private record Look(
      long generation, String cluster, Instant dueAt, int partitions, Optional<Problem> refusal) {}

  private final PulsarConnections connections;
  private final ClusterStats stats;
  private final Duration checkPeriod;
  private final Clock clock;
  private final Map<String, Look> looks = new ConcurrentHashMap<>();

  /**
   * @param checkPeriod how long a look at an unchanged topic stays good, on average
   */
  public TopicReconciler(
      PulsarConnections connections, ClusterStats stats, Duration checkPeriod, Clock clock) {
    this.connections = connections;
    this.stats = stats;
    this.checkPeriod = checkPeriod;
    this.clock = clock;
  }

  /**
   * @param confirmed the partitions of the topic as the stream's status says an earlier look found
   *     it in line with this generation of the spec; empty when it does not say so. An operator
   *     that starts with thousands of streams present takes the status's word for their topics and
   *     checks them over the check period, instead of all at once.
   * @param alive whether the stream that owns a topic still exists
   * @throws io.letspulsar.operator.status.StreamRefusal the topic is not this stream's to manage
   */
  public Report reconcile(
      StreamModel stream, Optional<Integer> confirmed, Predicate<Ownership> alive)
      throws PulsarException {
    Instant now = clock.instant();
    PulsarCluster cluster = stream.pulsar().cluster();
    Look last =
        looks.computeIfAbsent(
            stream.uid(),
            uid ->
                confirmed
                    .map(
                        partitions ->
                            new Look(
                                stream.generation(),
                                cluster.identity(),
                                now.plus(
                                    checkPeriod.multipliedBy(1 + spread(stream)).dividedBy(1000)),
                                partitions,
                                Optional.empty()))
                    .orElse(null));
    List<TopicSync.Change> changes = List.of();
    if (last == null
        || last.generation() != stream.generation()
        || !last.cluster().equals(cluster.identity())
        || !last.dueAt().isAfter(now)) {
      looks.remove(stream.uid());
      TopicSync.Result result = TopicSync.sync(connections.topics(cluster), stream, alive);
      last =
          new Look(
              stream.generation(),
              cluster.identity(),
              now.plus(checkPeriod.multipliedBy(750 + spread(stream) / 2).dividedBy(1000)),
              result.partitions(),
              result.refusal());
      looks.put(stream.uid(), last);
      changes = result.changes();
    }
    ClusterStats.Figures figures =
        stats.of(
            cluster, stream.topic().topic(), last.partitions(), stream.consumer().subscription());
    return new Report(
        last.partitions(), changes, last.refusal(), figures.stats(), figures.readAt());
  }

  /**
   * Where in the check period the stream's checks fall, 0 to 999: a check comes between 3/4 and 5/4
   * of the period after the last, by the stream, so that streams made at once spread out.
   */
  private static long spread(StreamModel stream) {
    // The hash's bits mixed (MurmurHash3's finalizer): uids alike in all but their end spread too.
    int h = stream.uid().hashCode();
    h = (h ^ (h >>> 16)) * 0x85ebca6b;
    h = (h ^ (h >>> 13)) * 0xc2b2ae35;
    return Math.floorMod(h ^ (h >>> 16), 1000);
  }

  /**
   * Lets the stream's topic, and its dead-letter topic if it made one, go: takes back the role the
   * stream granted, then deletes the topic (deletionPolicy Delete, never past clients still
   * attached) or keeps it with its owner noted (Retain). Never touches a topic the stream does not
   * own.
   *
   * @return what became of the stream's own topic
   */
  public Release release(StreamModel stream) throws PulsarException {
    forget(stream);
    if (stream.deletionPolicy() == DeletionPolicy.Retain && stream.pulsar().role().isEmpty()) {
      return Release.KEPT; // nothing granted, nothing to delete: no need to ask Pulsar
    }
    PulsarTopics topics = connections.topics(stream.pulsar().cluster());
    // Also when the spec no longer asks for one: dead letters a stream collected go with it.
    release(topics, stream, stream.topic().deadLetter().topic());
    return release(topics, stream, stream.topic().topic());
  }

  private static Release release(PulsarTopics topics, StreamModel stream, String topic)
      throws PulsarException {
    Optional<TopicState> state = topics.describe(topic);
    if (state.isEmpty()) {
      return Release.DELETED;
    }
    Optional<Ownership> owner = Ownership.in(state.get().properties());
    if (owner.isEmpty() || !owner.get().isSameStream(Ownership.of(stream))) {
      return Release.NOT_OURS;
    }
    Optional<String> granted =
        Optional.ofNullable(state.get().properties().get(Ownership.GRANTED_ROLE));
    if (granted.isPresent()) {
      topics.revoke(topic, granted.get());
    }
    if (stream.deletionPolicy() == DeletionPolicy.Delete) {
      topics.delete(topic);
      return Release.DELETED;
    }
    if (granted.isPresent()) {
      topics.removeProperties(topic, Set.of(Ownership.GRANTED_ROLE));
    }
    return Release.KEPT;
  }

  /** The streams whose last look is kept: those present, none gone. */
  public int tracked() {
    return looks.size();
  }

  /** Drops what is kept about a stream that goes away. */
  public void forget(StreamModel stream) {
    looks.remove(stream.uid());
  }
}
