package io.letspulsar.testing;

import java.time.Duration;
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
    process.destroy();
    try {
      if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill(process);
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
