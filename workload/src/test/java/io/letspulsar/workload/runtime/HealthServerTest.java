package io.letspulsar.workload.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readinessFollowsThePulsarConnectionWhileLivenessStaysUp() throws Exception {
    AtomicBoolean connected = new AtomicBoolean(false);
    try (HealthServer server =
        new HealthServer(
            "127.0.0.1",
            0,
            connected::get,
            "not connected to Pulsar",
            new WorkloadMetrics()::scrape)) {
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);
      assertThat(get(server, "/readyz").body()).isEqualTo("not connected to Pulsar\n");
      assertThat(get(server, "/livez").statusCode()).isEqualTo(200);

      connected.set(true);
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsAreServedInThePrometheusTextFormat() throws Exception {
    WorkloadMetrics metrics = new WorkloadMetrics();
    metrics.consumed();
    metrics.acked(System.currentTimeMillis());
    metrics.nacked();
    try (HealthServer server = new HealthServer("127.0.0.1", 0, () -> true, "", metrics::scrape)) {
      HttpResponse<String> response = get(server, "/metrics");

      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
      assertThat(response.body())
          .contains("# TYPE purchases_consumed_total counter")
          .contains("purchases_consumed_total 1.0")
          .contains("purchases_acked_total 1.0")
          .contains("purchases_nacked_total 1.0")
          .contains("purchases_produced_total 0.0");
    }
  }

  private HttpResponse<String> get(HealthServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
