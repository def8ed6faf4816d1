package io.letspulsar.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ends child processes the way a kubelet ends a container: SIGTERM, a grace period, SIGKILL. */
public final class Processes {
  private Processes() {}

  /**
   * Asks the process to stop (SIGTERM), gives it {@code grace} to exit, then kills it (SIGKILL);
   * returns once it is gone. Interrupted, it kills the process at once, returns without waiting and
   * keeps the thread's interrupt status.
   */
  public static void stop(Process process, Duration grace) {
    stop(List.of(process), grace);
  }

  /**
   * Stops processes together, as a kubelet stops a pod's containers: SIGTERM to all of them, one
   * grace period for all, then SIGKILL to those still running; returns once all are gone.
   * Interrupted, it kills those still running at once, returns without waiting and keeps the
   * thread's interrupt status.
   */
  public static void stop(Collection<Process> processes, Duration grace) {
    processes.forEach(Process::destroy);
    Instant deadline = Instant.now().plus(grace);
    for (Process process : processes) {
      try {
        long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        if (process.waitFor(left, TimeUnit.MILLISECONDS)) {
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        processes.forEach(Process::destroyForcibly);
        return;
      }
      kill(process);
    }
  }

  /**
   * Kills the process (SIGKILL: no shutdown hook runs) and waits until it is gone. Interrupted, it
   * returns without waiting and keeps the thread's interrupt status.
   */
  public static void kill(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
