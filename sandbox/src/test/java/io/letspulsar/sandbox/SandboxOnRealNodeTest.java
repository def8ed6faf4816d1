package io.letspulsar.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.letspulsar.testing.Kubectl;
import io.letspulsar.testing.NodeCondition;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo as {@code ./mvnw -Pdemo verify} runs it where the machine runs a real node: the pods are
 * containers of the workload's image on the JRE base, the embedded broker and the API server on the
 * pod network, the containers' logs in the sandbox's output and through {@code kubectl logs}.
 */
@ExtendWith(NodeCondition.class)
class SandboxOnRealNodeTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static String pods(Sandbox sandbox) {
    Kubectl.Result pods = sandbox.cluster().kubectl("describe", "pods", "-A");
    Kubectl.Result events = sandbox.cluster().kubectl("get", "events", "-A");
    return "\n" + pods.out() + pods.err() + "\n" + events.out();
  }

  @Test
  void theDemoRunsOnARealNodeAndItsConsumerLogsThePurchases() throws SocketException {
    List<String> output = new CopyOnWriteArrayList<>();
    String bridge;
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.parse(), output::add)) {
      assertThat(sandbox.onRealNode()).isTrue();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(output)
                      .as(
                          () ->
                              "the output and the pods:\n"
                                  + String.join("\n", output)
                                  + pods(sandbox))
                      .anyMatch(
                          line ->
                              line.matches("default/purchases-\\S+/consumer \\| .* consumed .*")));
      Kubectl.Result logs =
          sandbox.cluster().kubectl("logs", "deployment/purchases", "-c", "consumer");
      assertThat(logs.out()).as(logs.err()).contains(" consumed ");
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(sandbox.cluster().kubectl("get", "pods", "-o", "wide").out())
                      .contains("real-node", "2/2", "Running"));
      bridge = sandbox.cluster().address();
    }
    // The bridge went with the sandbox.
    assertThat(NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses))
        .noneMatch(address -> address.getHostAddress().equals(bridge));
  }
}
