package io.letspulsar.testing;

import io.letspulsar.testing.PodState.ContainerState;
import io.letspulsar.testing.PodState.Exit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One container of a {@link ProcessPod} as a local process: started, its output passed on line by
 * line, restarted with back-off (10 s, doubling up to 5 min) after it exits or when it could not be
 * started at all, probed for readiness, handed over to be stopped. Used on the kubelet's thread
 * only.
 */
final class ProcessContainer {
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final String name;
  private final Supplier<ProcessBuilder> launch;
  private final BooleanSupplier readiness;
  private final Consumer<String> output;
  private final Consumer<Duration> resync;
  private final Clock clock;
  private Process process;
  private Instant startedAt;
  private Instant restartAt;
  private Exit lastExit;
  private int restarts;
  private boolean ready;

  /**
   * @param launch the process to start, made anew for every start
   * @param readiness whether the running process is ready
   * @param output receives every line the process prints
   * @param resync asks for a {@link #sync()} after a delay, on the kubelet's thread
   */
  ProcessContainer(
      String name,
      Supplier<ProcessBuilder> launch,
      BooleanSupplier readiness,
      Consumer<String> output,
      Consumer<Duration> resync,
      Clock clock) {
    this.name = name;
    this.launch = launch;
    this.readiness = readiness;
    this.output = output;
    this.resync = resync;
    this.clock = clock;
  }

  /**
   * Starts the process. One that cannot be started (no such program, say) counts as one that
   * exited: its status says why ({@code StartError}) and it is tried again after the back-off.
   */
  void start() {
    Process started;
    try {
      started = launch.get().start();
    } catch (IOException e) {
      ended(Exit.startError("cannot start container " + name + ": " + e.getMessage(), now()));
      return;
    }
    process = started;
    startedAt = now();
    ready = false;
    Thread pump = new Thread(() -> pump(started), "kubelet-" + name);
    pump.setDaemon(true);
    pump.start();
    started.onExit().thenRun(() -> resync.accept(Duration.ZERO));
  }

  /** Notes that the process exited and when to restart it; restarts it once that time has come. */
  void sync() {
    if (process != null && !process.isAlive()) {
      int code = process.exitValue();
      process = null;
      ended(Exit.of(code, now()));
    }
    if (process == null && restartAt != null && !now().isBefore(restartAt)) {
      restartAt = null;
      start();
    }
  }

  /** Probes readiness; true when it changed. */
  boolean probe() {
    boolean now = process != null && process.isAlive() && readiness.getAsBoolean();
    boolean changed = now != ready;
    ready = now;
    return changed;
  }

  ContainerState state() {
    return new ContainerState(ready, process == null ? null : startedAt, restarts, lastExit);
  }

  /**
   * Stops watching the process and hands it over to be stopped (with the pod's other containers,
   * {@link Processes#stop(java.util.Collection, Duration)}).
   *
   * @return the running process; empty when none runs
   */
  Optional<Process> detach() {
    Process running = process;
    process = null;
    restartAt = null;
    return Optional.ofNullable(running);
  }

  private void ended(Exit exit) {
    lastExit = exit;
    ready = false;
    Duration backoff =
        Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 10L << Math.min(restarts, 5)));
    restarts++;
    restartAt = now().plus(backoff);
    resync.accept(backoff);
  }

  private Instant now() {
    return clock.instant();
  }

  private void pump(Process started) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
      lines.lines().forEach(output);
    } catch (IOException | UncheckedIOException e) {
      // The process is gone.
    }
  }
}
