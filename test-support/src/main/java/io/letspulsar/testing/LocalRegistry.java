package io.letspulsar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real OCI image registry on this machine: CNCF distribution's {@code registry} (built by {@code
 * tools/control-plane/build.sh}), serving plain HTTP on {@link Loopback#ADDRESS} and a free port,
 * its blobs under a temporary directory that {@link #close()} deletes. Jib pushes to it ({@code
 * -Djib.allowInsecureRegistries=true}) and a {@link LocalNode} pulls from it ({@link
 * LocalNode#allowPlainHttpRegistry}).
 */
public final class LocalRegistry implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path home;
  private final int port;
  private final Process process;

  private LocalRegistry(Path home, int port, Process process) {
    this.home = home;
    this.port = port;
    this.process = process;
  }

  /** Starts the registry and returns once it answers {@code GET /v2/}. */
  public static LocalRegistry start() {
    Path binary = Path.of(System.getProperty(LocalControlPlane.BINARIES_PROPERTY, "."), "registry");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "no registry at " + binary + ": run tools/control-plane/build.sh (Maven runs it)");
    }
    Path home = null;
    try {
      home = Files.createTempDirectory("local-registry-");
      int port = FreePorts.next();
      Path config = home.resolve("config.yml");
      Files.writeString(
          config,
          """
          version: 0.1
          log: {level: warn}
          storage: {filesystem: {rootdirectory: %s}, delete: {enabled: true}}
          http: {addr: "%s:%d"}
          """
              .formatted(home.resolve("data"), Loopback.ADDRESS, port));
      Process process =
          new ProcessBuilder(binary.toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(home.resolve("registry.log").toFile())
              .start();
      LocalRegistry registry = new LocalRegistry(home, port, process);
      registry.awaitReady();
      return registry;
    } catch (IOException | RuntimeException e) {
      if (home != null) {
        Directories.delete(home);
      }
      throw new IllegalStateException("the local registry did not start", e);
    }
  }

  /** {@code host:port}, as an image reference starts and containerd's hosts.toml names it. */
  public String host() {
    return Loopback.ADDRESS + ":" + port;
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest v2 = HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    try {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          String log = log();
          close();
          throw new IllegalStateException("the registry exited; its log: " + log);
        }
        if (answers(http, v2)) {
          return;
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
    throw new IllegalStateException("the registry did not answer in " + START_TIMEOUT);
  }

  private static boolean answers(HttpClient http, HttpRequest request) throws InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  private String log() {
    try {
      return Files.readString(home.resolve("registry.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(5));
    Directories.delete(home);
  }
}
