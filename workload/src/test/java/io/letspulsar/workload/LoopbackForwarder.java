package io.letspulsar.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;

/**
 * Forwards TCP connections from {@value #ADDRESS}, another address of this machine's loopback, to a
 * broker listening on 127.0.0.1: a client reaches the broker by an address its certificate does not
 * name. Bytes pass through untouched, TLS included.
 */
final class LoopbackForwarder implements AutoCloseable {
  static final String ADDRESS = "127.0.0.2";

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private LoopbackForwarder(ServerSocket server, String targetHost, int targetPort) {
    this.server = server;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    daemon("forwarder-accept", this::acceptUntilClosed);
  }

  /**
   * Forwards to the host and port of {@code serviceUrl}; the test is skipped where {@value
   * #ADDRESS} cannot be bound (Linux routes all of 127.0.0.0/8 to the loopback, macOS does not).
   */
  static LoopbackForwarder to(String serviceUrl) {
    URI target = URI.create(serviceUrl);
    ServerSocket server;
    try {
      server = new ServerSocket(0, 50, InetAddress.getByName(ADDRESS));
    } catch (IOException e) {
      Assumptions.abort("cannot listen on " + ADDRESS + ": " + e);
      throw new IllegalStateException(e);
    }
    return new LoopbackForwarder(server, target.getHost(), target.getPort());
  }

  /** The broker's TLS URL by way of {@value #ADDRESS}. */
  String serviceUrlTls() {
    return "pulsar+ssl://" + ADDRESS + ":" + server.getLocalPort();
  }

  private void acceptUntilClosed() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket broker = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(broker);
        daemon("forwarder-up", () -> pipe(client, broker));
        daemon("forwarder-down", () -> pipe(broker, client));
      } catch (IOException closed) {
        // The server was closed, or the broker refused: the client sees its connection end.
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    try (from;
        to) {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // Either side went away: closing both ends the other direction too.
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    try {
      server.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
