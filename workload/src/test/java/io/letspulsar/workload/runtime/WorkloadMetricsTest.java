package io.letspulsar.workload.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkloadMetricsTest {

  @Test
  void countsShowInThePrometheusExposition() {
    WorkloadMetrics metrics = new WorkloadMetrics();
    metrics.consumed();
    metrics.acked(System.currentTimeMillis());
    metrics.nacked();

    assertThat(metrics.scrape())
        .contains("# TYPE purchases_consumed_total counter")
        .contains("purchases_consumed_total 1.0")
        .contains("purchases_acked_total 1.0")
        .contains("purchases_nacked_total 1.0")
        .contains("purchases_produced_total 0.0")
        .contains("purchases_end_to_end_latency_seconds_count 1");
  }
}
