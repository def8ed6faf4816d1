package io.letspulsar.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on {@link Loopback#ADDRESS} in front of a server of this machine, for fault tests: it
 * forwards, or it hangs — accepts connections and never answers, as a stuck server or a black-holed
 * route does. {@link #close()} closes every connection.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "tcp-proxy");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean hanging;

  private TcpProxy(ServerSocket server, String targetHost, int targetPort) {
    this.server = server;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** A proxy to {@code host:port}, forwarding until told to {@link #hang}. */
  public static TcpProxy start(String host, int port) {
    try {
      TcpProxy proxy =
          new TcpProxy(
              new ServerSocket(0, 50, InetAddress.getByName(Loopback.ADDRESS)), host, port);
      proxy.threads.execute(proxy::accept);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** New connections are held open and never answered ({@code true}) or forwarded again. */
  public void hang(boolean hang) {
    this.hanging = hang;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        if (!hanging) {
          Socket upstream = new Socket(targetHost, targetPort);
          sockets.add(upstream);
          threads.execute(() -> pump(client, upstream));
          threads.execute(() -> pump(upstream, client));
        }
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side closed
    } finally {
      try {
        to.close();
        from.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    threads.shutdownNow();
  }
}
