package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.letspulsar.testing.PodState.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessContainerTest {
  private static final Container SPEC = new ContainerBuilder().withName("app").build();

  private final TestClock clock = new TestClock(Instant.parse("2025-01-01T10:00:00Z"));
  private final List<Duration> resyncs = new CopyOnWriteArrayList<>();
  private ProcessContainer container;

  @AfterEach
  void stop() {
    if (container != null) {
      container.detach().ifPresent(process -> Processes.kill(process));
    }
  }

  @Test
  void aProcessThatCannotStartIsInCrashLoopBackOffAndTriedAgainAfterTheBackOff() {
    container = container("/nonexistent/bin/app");

    container.start();

    ContainerState state = container.state();
    assertThat(state.runningSince()).isNull();
    assertThat(state.restarts()).isEqualTo(1);
    assertThat(state.lastExit().code()).isEqualTo(128);
    assertThat(state.lastExit().reason()).isEqualTo("StartError");
    assertThat(state.lastExit().message())
        .startsWith("cannot start container app: ")
        .contains("/nonexistent/bin/app");
    assertThat(resyncs).containsExactly(Duration.ofSeconds(10));
    ContainerStatus status = status();
    assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(status.getState().getWaiting().getMessage())
        .contains("StartError", "/nonexistent/bin/app");
    assertThat(status.getLastState().getTerminated().getReason()).isEqualTo("StartError");
    assertThat(status.getLastState().getTerminated().getMessage()).contains("/nonexistent/bin/app");

    container.sync();
    assertThat(container.state().restarts()).as("not before the back-off ends").isEqualTo(1);

    clock.advance(Duration.ofSeconds(10));
    container.sync();
    assertThat(container.state().restarts()).isEqualTo(2);
    assertThat(resyncs).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
  }

  @Test
  void aProcessThatExitsIsRestartedAfterTheBackOff() {
    container = container("sh", "-c", "exit 3");

    container.start();
    await().until(() -> resyncs.contains(Duration.ZERO));
    container.sync();

    ContainerState state = container.state();
    assertThat(state.runningSince()).isNull();
    assertThat(state.restarts()).isEqualTo(1);
    assertThat(state.lastExit().code()).isEqualTo(3);
    assertThat(state.lastExit().reason()).isEqualTo("Error");
    assertThat(status().getState().getWaiting().getMessage()).endsWith("(exit code 3)");
    assertThat(resyncs).contains(Duration.ofSeconds(10));

    clock.advance(Duration.ofSeconds(10));
    container.sync();
    assertThat(container.state().lastExit().code()).isEqualTo(3);
    await().until(() -> resyncs.stream().filter(Duration.ZERO::equals).count() == 2);
    container.sync();
    assertThat(container.state().restarts()).isEqualTo(2);
  }

  private ProcessContainer container(String... command) {
    return new ProcessContainer(
        "app", () -> new ProcessBuilder(command), () -> true, line -> {}, resyncs::add, clock);
  }

  private ContainerStatus status() {
    return PodStatuses.containerStatus(
        SPEC, new PodState(null, null, null, Map.of("app", container.state())));
  }
}
