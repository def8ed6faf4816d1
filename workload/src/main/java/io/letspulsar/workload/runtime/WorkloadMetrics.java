package io.letspulsar.workload.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The workload's Prometheus metrics; one instance per process. */
public final class WorkloadMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter produced =
      counter("purchases.produced", "purchases the broker acknowledged");
  private final Counter sendFailures =
      counter("purchases.send.failures", "send attempts that failed and were retried");
  private final Counter consumed = counter("purchases.consumed", "purchases received");
  private final Counter acked = counter("purchases.acked", "purchases processed and acknowledged");
  private final Counter nacked =
      counter("purchases.nacked", "purchases whose processing failed, negatively acknowledged");
  private final Timer sendLatency =
      Timer.builder("purchases.send.latency")
          .description("time from send to the broker's acknowledgement")
          .publishPercentiles(0.5, 0.99)
          .publishPercentileHistogram()
          .register(registry);
  private final Timer endToEndLatency =
      Timer.builder("purchases.end.to.end.latency")
          .description("time from the producer's publish to the consumer's acknowledgement")
          .publishPercentiles(0.5, 0.99)
          .publishPercentileHistogram()
          .register(registry);

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  public void produced(long sendStartNanos) {
    produced.increment();
    sendLatency.record(Duration.ofNanos(System.nanoTime() - sendStartNanos));
  }

  public void sendFailed() {
    sendFailures.increment();
  }

  public void consumed() {
    consumed.increment();
  }

  /** A purchase was processed and acknowledged; {@code publishTime} is epoch millis. */
  public void acked(long publishTime) {
    acked.increment();
    endToEndLatency.record(
        Duration.ofMillis(Math.max(0, System.currentTimeMillis() - publishTime)));
  }

  public void nacked() {
    nacked.increment();
  }

  public long sendFailureCount() {
    return (long) sendFailures.count();
  }

  public long ackedCount() {
    return (long) acked.count();
  }

  public long nackedCount() {
    return (long) nacked.count();
  }

  /** E.g. {@code "send latency p50 3.1 ms, p99 12.6 ms"}. */
  public String sendLatencySummary() {
    return "send latency " + percentiles(sendLatency);
  }

  /** E.g. {@code "end-to-end latency p50 3.1 ms, p99 12.6 ms"}. */
  public String endToEndLatencySummary() {
    return "end-to-end latency " + percentiles(endToEndLatency);
  }

  private static String percentiles(Timer timer) {
    StringBuilder text = new StringBuilder();
    for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
      text.append(text.length() == 0 ? "" : ", ")
          .append(
              String.format(
                  Locale.ROOT,
                  "p%.0f %.1f ms",
                  value.percentile() * 100,
                  value.value(TimeUnit.MILLISECONDS)));
    }
    return text.toString();
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
