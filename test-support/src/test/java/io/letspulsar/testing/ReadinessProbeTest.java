package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {
  private static final int CONTAINER_PORT = 8080;

  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer server;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(Loopback.ADDRESS, 0), 0);
    server.createContext(
        "/",
        exchange -> {
          paths.add(exchange.getRequestURI().getPath());
          exchange.sendResponseHeaders(
              exchange.getRequestURI().getPath().equals("/") ? 200 : 503, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void getsThePathOnTheHostPortOfTheProbedContainerPort() {
    assertThat(ReadinessProbe.of(probing("/readyz"), hostPorts(), http).getAsBoolean()).isFalse();

    assertThat(paths).containsExactly("/readyz");
  }

  @Test
  void aProbeWithoutAPathGetsTheRootAsKubernetesDefaultsIt() {
    assertThat(ReadinessProbe.of(probing(null), hostPorts(), http).getAsBoolean()).isTrue();

    assertThat(paths).containsExactly("/");
  }

  @Test
  void aContainerWithoutAProbeIsReadyAndOneProbingAnUnpublishedPortNever() {
    Container unprobed = new ContainerBuilder().withName("app").build();
    Container elsewhere =
        new ContainerBuilder(probing("/"))
            .editReadinessProbe()
            .editHttpGet()
            .withPort(new IntOrString(9999))
            .endHttpGet()
            .endReadinessProbe()
            .build();

    assertThat(ReadinessProbe.of(unprobed, hostPorts(), http).getAsBoolean()).isTrue();
    assertThat(ReadinessProbe.of(elsewhere, hostPorts(), http).getAsBoolean()).isFalse();
    assertThat(paths).isEmpty();
  }

  private Map<Integer, Integer> hostPorts() {
    return Map.of(CONTAINER_PORT, server.getAddress().getPort());
  }

  private static Container probing(String path) {
    return new ContainerBuilder()
        .withName("app")
        .addNewPort()
        .withName("http")
        .withContainerPort(CONTAINER_PORT)
        .endPort()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .endReadinessProbe()
        .build();
  }
}
