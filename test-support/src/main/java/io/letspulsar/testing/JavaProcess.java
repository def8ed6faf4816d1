package io.letspulsar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A main class of this JVM's class path in a JVM of its own, with its own environment and log,
 * serving {@code /readyz} on 127.0.0.1: what a container runs, without the container. It can be
 * stopped as Kubernetes stops a pod, or killed (SIGKILL) at any moment.
 */
public final class JavaProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(30);

  private final Process process;
  private final int healthPort;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private JavaProcess(Process process, int healthPort, Path log) {
    this.process = process;
    this.healthPort = healthPort;
    this.log = log;
  }

  /** This JVM's java with these flags and this JVM's class path; the main class comes next. */
  public static List<String> command(List<String> jvmFlags) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    return cmd;
  }

  /**
   * Starts the main class; returns at once ({@link #awaitReady} waits for it).
   *
   * @param env added to this JVM's environment
   * @param healthPort where it serves {@code /readyz} on 127.0.0.1
   * @param log where its output goes, appended
   */
  public static JavaProcess launch(
      String mainClass, List<String> jvmFlags, Map<String, String> env, int healthPort, Path log) {
    List<String> cmd = command(jvmFlags);
    cmd.add(mainClass);
    ProcessBuilder builder =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      return new JavaProcess(builder.start(), healthPort, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass, e);
    }
  }

  /** Waits until {@code /readyz} answers 200; fails at once if the process exits. */
  public JavaProcess awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the process exited " + process.exitValue() + "; its log: " + log);
      }
      if (isReady()) {
        return this;
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException("not ready within " + timeout + "; its log: " + log);
  }

  /** Whether {@code /readyz} answers 200 now. */
  public boolean isReady() {
    try {
      return get("/readyz").statusCode() == 200;
    } catch (IOException notServing) {
      return false;
    }
  }

  /** A GET of this path on its health port. */
  public HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://" + Loopback.ADDRESS + ":" + healthPort + path))
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hook, no cleanup, as when a node dies or the OOM killer strikes. */
  public void kill() {
    Processes.kill(process);
  }

  /**
   * SIGSTOP: frozen, as by a long pause of its node or its JVM, until {@link #resume}; it does not
   * know it was.
   */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT: runs on from where {@link #pause} froze it. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops it as Kubernetes stops a pod: SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() {
    Processes.stop(process, GRACE);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
