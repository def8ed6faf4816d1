package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.api.TopicSpec.DeletionPolicy;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.status.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Keeps each stream's topic as its spec says, through the {@link PulsarTopics} port of the stream's
 * Pulsar cluster, and reads its stats. It looks at a topic at most once per stats period for an
 * unchanged spec: a burst of events (the dependents' own writes, pods coming up) reuses the last
 * look instead of repeating the admin calls; a spec change or an expired look goes to Pulsar. A
 * stream's last look is forgotten when the stream goes.
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

  private record Look(long generation, Report report) {}

  private final PulsarConnections connections;
  private final Duration period;
  private final Clock clock;
  private final Map<String, Look> looks = new ConcurrentHashMap<>();

  /**
   * @param period how long a look at an unchanged topic stays good (the stats period)
   */
  public TopicReconciler(PulsarConnections connections, Duration period, Clock clock) {
    this.connections = connections;
    this.period = period;
    this.clock = clock;
  }

  /**
   * @param alive whether the stream that owns a topic still exists
   * @throws io.letspulsar.operator.status.StreamRefusal the topic is not this stream's to manage
   */
  public Report reconcile(StreamModel stream, Predicate<Ownership> alive) throws PulsarException {
    Instant now = clock.instant();
    Look last = looks.get(stream.uid());
    if (last != null
        && last.generation() == stream.generation()
        && last.report().statsReadAt().plus(period).isAfter(now)) {
      Report report = last.report();
      return new Report(
          report.partitions(), List.of(), report.refusal(), report.stats(), report.statsReadAt());
    }
    looks.remove(stream.uid());
    PulsarTopics topics = connections.topics(stream.pulsar().cluster());
    TopicSync.Result result = TopicSync.sync(topics, stream, alive);
    TopicStats stats =
        topics.stats(stream.topic().topic(), result.partitions(), stream.consumer().subscription());
    Report report = new Report(result.partitions(), result.changes(), result.refusal(), stats, now);
    looks.put(stream.uid(), new Look(stream.generation(), report));
    return report;
  }

  /**
   * Lets the stream's topic go: takes back the role the stream granted, then deletes the topic
   * (deletionPolicy Delete, never past clients still attached) or keeps it with its owner noted
   * (Retain). Never touches a topic the stream does not own.
   */
  public Release release(StreamModel stream) throws PulsarException {
    forget(stream);
    String topic = stream.topic().topic();
    if (stream.deletionPolicy() == DeletionPolicy.Retain && stream.pulsar().role().isEmpty()) {
      return Release.KEPT; // nothing granted, nothing to delete: no need to ask Pulsar
    }
    PulsarTopics topics = connections.topics(stream.pulsar().cluster());
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
      topics.removeProperties(topic, java.util.Set.of(Ownership.GRANTED_ROLE));
    }
    return Release.KEPT;
  }

  /** Drops what is kept about a stream that goes away. */
  public void forget(StreamModel stream) {
    looks.remove(stream.uid());
  }
}
