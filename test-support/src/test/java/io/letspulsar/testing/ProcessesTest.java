package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessesTest {
  private static final int SIGTERM_EXIT = 128 + 15;
  private static final int SIGKILL_EXIT = 128 + 9;

  @Test
  void stopEndsAProcessThatHeedsSigterm() throws IOException {
    Process process = new ProcessBuilder("sleep", "60").start();

    Processes.stop(process, Duration.ofSeconds(10));

    assertThat(process.isAlive()).isFalse();
    assertThat(process.exitValue()).isEqualTo(SIGTERM_EXIT);
  }

  @Test
  void stopKillsAProcessThatIgnoresSigtermOnceTheGraceIsOver() throws IOException {
    Process process = ignoringSigterm();
    Instant start = Instant.now();

    Processes.stop(process, Duration.ofMillis(300));

    assertThat(process.isAlive()).isFalse();
    assertThat(process.exitValue()).isEqualTo(SIGKILL_EXIT);
    assertThat(Duration.between(start, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void stopGivesSeveralProcessesOneGracePeriodTogether() throws IOException {
    Process heeding = new ProcessBuilder("sleep", "60").start();
    Process ignoring = ignoringSigterm();
    Process alsoIgnoring = ignoringSigterm();
    Instant start = Instant.now();

    Processes.stop(List.of(ignoring, heeding, alsoIgnoring), Duration.ofSeconds(1));

    assertThat(List.of(heeding, ignoring, alsoIgnoring)).noneMatch(Process::isAlive);
    assertThat(heeding.exitValue()).isEqualTo(SIGTERM_EXIT);
    assertThat(ignoring.exitValue()).isEqualTo(SIGKILL_EXIT);
    assertThat(alsoIgnoring.exitValue()).isEqualTo(SIGKILL_EXIT);
    assertThat(Duration.between(start, Instant.now()))
        .as("one grace period, not one for each")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1))
        .isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void interruptedStopKillsAtOnceAndKeepsTheInterrupt() throws Exception {
    Process process = ignoringSigterm();

    Thread.currentThread().interrupt();
    Processes.stop(process, Duration.ofSeconds(30));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(SIGKILL_EXIT);
  }

  @Test
  void killSkipsTheGrace() throws IOException {
    Process process = ignoringSigterm();

    Processes.kill(process);

    assertThat(process.isAlive()).isFalse();
    assertThat(process.exitValue()).isEqualTo(SIGKILL_EXIT);
  }

  /** A process that ignores SIGTERM, returned once it does. */
  private static Process ignoringSigterm() throws IOException {
    Process process =
        new ProcessBuilder("sh", "-c", "trap '' TERM; echo ready; exec sleep 60").start();
    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
    return process;
  }
}
