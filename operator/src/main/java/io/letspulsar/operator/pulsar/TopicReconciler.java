package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.status.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each stream's topic as its spec says, through the {@link PulsarTopics} port of the stream's
 * Pulsar, and reads its stats. It looks at a topic at most once per stats period for an unchanged
 * spec: a burst of events (the dependents' own writes, pods coming up) reuses the last look instead
 * of repeating the admin calls; a spec change or an expired look goes to Pulsar. A stream's last
 * look is forgotten when the stream goes.
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

  public Report reconcile(StreamModel stream) throws PulsarException {
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
    PulsarTopics topics = connections.forAdminUrl(stream.pulsar().adminUrl());
    TopicSync.Result result = TopicSync.sync(topics, stream.topic());
    TopicStats stats =
        topics.stats(stream.topic().topic(), result.partitions(), stream.consumer().subscription());
    Report report = new Report(result.partitions(), result.changes(), result.refusal(), stats, now);
    looks.put(stream.uid(), new Look(stream.generation(), report));
    return report;
  }

  /** Deletes the stream's topic; one already gone counts as deleted. */
  public void delete(StreamModel stream) throws PulsarException {
    forget(stream);
    connections.forAdminUrl(stream.pulsar().adminUrl()).delete(stream.topic().topic());
  }

  /** Drops what is kept about a stream that goes away. */
  public void forget(StreamModel stream) {
    looks.remove(stream.uid());
  }
}
