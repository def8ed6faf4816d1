package io.letspulsar.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readinessFollowsItsCheckWhileLivenessStaysUp() throws Exception {
    AtomicBoolean connected = new AtomicBoolean(false);
    try (HealthServer server =
        new HealthServer("127.0.0.1", 0, connected::get, "not connected to Pulsar", () -> "")) {
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);
      assertThat(get(server, "/readyz").body()).isEqualTo("not connected to Pulsar\n");
      assertThat(get(server, "/livez").statusCode()).isEqualTo(200);

      connected.set(true);
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsAreServedAsPrometheusText() throws Exception {
    try (HealthServer server =
        new HealthServer("127.0.0.1", 0, () -> true, "", () -> "purchases_total 1.0\n")) {
      HttpResponse<String> response = get(server, "/metrics");

      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
      assertThat(response.body()).isEqualTo("purchases_total 1.0\n");
    }
  }

  @Test
  void clientsThatNeverFinishTheirRequestsDoNotHoldTheProbesBack() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try (HealthServer server = new HealthServer("127.0.0.1", 0, () -> true, "", () -> "")) {
      // More than the server's threads: each would hold one for as long as it stays silent.
      for (int i = 0; i < 12; i++) {
        Socket socket = new Socket("127.0.0.1", server.port());
        stalled.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write("GET /livez HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }

      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
      assertThat(get(server, "/livez").statusCode()).isEqualTo(200);
      // And the server lets them go (a bound, so a flood of them cannot take every thread).
      for (Socket socket : stalled) {
        socket.setSoTimeout(10_000);
        assertThat(socket.getInputStream().read())
            .as("the server closed the connection")
            .isEqualTo(-1);
      }
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  private HttpResponse<String> get(HealthServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
