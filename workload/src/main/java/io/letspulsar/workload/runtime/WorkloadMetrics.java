package io.letspulsar.workload.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

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

  public void acked() {
    acked.increment();
  }

  public void nacked() {
    nacked.increment();
  }

  public long producedCount() {
    return (long) produced.count();
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

  public Timer sendLatency() {
    return sendLatency;
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
