package io.letspulsar.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxTest {

  @Test
  void purchasesFlowFromTheProducerToTheConsumerOnAnEmbeddedBroker() throws Exception {
    try (Sandbox sandbox = Sandbox.start("100ms")) {
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(() -> assertThat(sandbox.acknowledgedByConsumer()).isGreaterThan(5));
    }
  }
}
