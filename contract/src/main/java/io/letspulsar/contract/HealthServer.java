package io.letspulsar.contract;

import static io.letspulsar.contract.ConfigKeys.LIVENESS_PATH;
import static io.letspulsar.contract.ConfigKeys.METRICS_PATH;
import static io.letspulsar.contract.ConfigKeys.READINESS_PATH;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Liveness ({@code /livez}), readiness ({@code /readyz}) and Prometheus metrics ({@code /metrics})
 * over plain HTTP, for the kubelet's probes and for scraping: the endpoints the operator's probes
 * ask for. The workload and the operator both serve their health this way. Each request has a
 * thread of its own (up to a bound) and two seconds to arrive whole, so clients that stall, even
 * many at once, do not hold the probes back.
 */
public final class HealthServer implements AutoCloseable {
  /** Beyond this many requests at once, the server closes new connections. */
  private static final int MAX_THREADS = 32;

  /**
   * Seconds a request may take to arrive whole; the JDK's server waits for ever by default, so a
   * client that sends half a request and then nothing would hold a thread for good. Read once, when
   * the first server starts.
   */
  private static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";

  static {
    if (System.getProperty(MAX_REQUEST_SECONDS) == null) {
      System.setProperty(MAX_REQUEST_SECONDS, "2");
    }
  }

  private final HttpServer server;

  /**
   * @param ready whether to answer readiness with 200
   * @param notReadyReason the body of a 503 readiness answer
   * @param metrics the Prometheus text exposition, made on each scrape
   */
  public HealthServer(
      String address,
      int port,
      BooleanSupplier ready,
      String notReadyReason,
      Supplier<String> metrics)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(address, port), 0);
    server.setExecutor(
        new ThreadPoolExecutor(
            1,
            MAX_THREADS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "health-http");
              thread.setDaemon(true);
              return thread;
            }));
    server.createContext(LIVENESS_PATH, exchange -> respond(exchange, 200, "ok\n", "text/plain"));
    server.createContext(
        READINESS_PATH,
        exchange -> {
          boolean isReady = ready.getAsBoolean();
          respond(
              exchange,
              isReady ? 200 : 503,
              isReady ? "ready\n" : notReadyReason + "\n",
              "text/plain");
        });
    server.createContext(
        METRICS_PATH,
        exchange ->
            respond(exchange, 200, metrics.get(), "text/plain; version=0.0.4; charset=utf-8"));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
