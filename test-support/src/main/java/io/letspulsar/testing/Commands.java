package io.letspulsar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the short host commands a local node needs ({@code ip}, {@code ctr}, …), one at a time. */
final class Commands {
  private static final long TIMEOUT_SECONDS = 60;

  private Commands() {}

  /** What a command printed (standard output and error together) and how it exited. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs the command; its output when it exits 0, else an exception that quotes it. */
  static String run(String... command) {
    Result result = tryRun(command);
    if (!result.ok()) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + result.exitCode() + ": " + result.output());
    }
    return result.output();
  }

  /** Runs the command and returns how it went, whatever its exit code. */
  static Result tryRun(String... command) {
    try {
      Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        Processes.kill(process);
        throw new IllegalStateException(String.join(" ", command) + " took over 60 s");
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
