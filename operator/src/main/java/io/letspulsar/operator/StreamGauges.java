package io.letspulsar.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.pulsar.TopicReconciler;
import io.letspulsar.operator.status.StatusAggregator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The PurchaseStreams by condition, status and reason: the gauge {@code
 * purchasestream_streams{condition, status, reason}} (conditions Ready, TopicReady and
 * WorkloadReady; a stream with no status yet counts as Ready, Unknown, NotReconciled). Counted from
 * the controller's informer cache, the statuses as the API server holds them, when the metrics are
 * scraped: nothing between scrapes and no call to the API server, however many streams there are.
 */
public final class StreamGauges {
  private static final Condition NOT_RECONCILED =
      new ConditionBuilder()
          .withType(StatusAggregator.READY)
          .withStatus("Unknown")
          .withReason("NotReconciled")
          .build();

  private final MultiGauge gauge;
  private volatile Supplier<Stream<PurchaseStream>> streams = Stream::empty;
  private volatile IntSupplier tracked = () -> 0;

  public StreamGauges(MeterRegistry registry) {
    gauge =
        MultiGauge.builder("purchasestream.streams")
            .description("PurchaseStreams by condition, status and reason")
            .register(registry);
    Gauge.builder("purchasestream.tracked.streams", this, gauges -> gauges.tracked.getAsInt())
        .description("PurchaseStreams whose state the operator keeps in memory")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Gauges {@code purchasestream_tracked_streams} from now on: the streams whose state the operator
   * keeps in memory (its last look at each one's topic). It follows the streams present; a figure
   * that stays above them would be state kept for streams gone.
   */
  void track(TopicReconciler topics) {
    tracked = topics::tracked;
  }

  /** Counts the streams of the controller's cache from now on. */
  void count(IndexerResourceCache<PurchaseStream> cache) {
    streams = cache::list;
  }

  /** Counts the streams again; the metrics endpoint calls it before each scrape. */
  public void refresh() {
    Map<Tags, Long> counts =
        streams
            .get()
            .flatMap(StreamGauges::conditions)
            .collect(
                Collectors.groupingBy(
                    condition ->
                        Tags.of(
                            "condition", condition.getType(),
                            "status", condition.getStatus(),
                            "reason", Objects.requireNonNullElse(condition.getReason(), "")),
                    Collectors.counting()));
    gauge.register(
        counts.entrySet().stream()
            .map(count -> MultiGauge.Row.of(count.getKey(), count.getValue()))
            .toList(),
        true);
  }

  private static Stream<Condition> conditions(PurchaseStream stream) {
    List<Condition> conditions =
        Optional.ofNullable(stream.getStatus())
            .map(status -> status.conditions)
            .filter(list -> !list.isEmpty())
            .orElse(List.of(NOT_RECONCILED));
    return conditions.stream();
  }
}
