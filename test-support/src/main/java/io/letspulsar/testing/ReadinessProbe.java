package io.letspulsar.testing;

import static java.util.Objects.requireNonNullElse;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A container's readiness probe run from this machine: its {@code httpGet} sent to the host port of
 * the probed container port, ready on a 2xx or 3xx answer within a second. A container without an
 * {@code httpGet} readiness probe is ready as soon as it runs.
 */
final class ReadinessProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private ReadinessProbe() {}

  /**
   * The probe of a container; never ready when it probes a port the container does not publish.
   *
   * @param hostPorts the host port of each container port of the pod
   */
  static BooleanSupplier of(Container spec, Map<Integer, Integer> hostPorts, HttpClient http) {
    Probe probe = spec.getReadinessProbe();
    if (probe == null || probe.getHttpGet() == null) {
      return () -> true;
    }
    HTTPGetAction get = probe.getHttpGet();
    Optional<Integer> port = containerPort(spec, get.getPort()).map(hostPorts::get);
    if (port.isEmpty()) {
      return () -> false;
    }
    URI uri = URI.create("http://" + Loopback.ADDRESS + ":" + port.get() + path(get));
    return () -> answers(http, uri);
  }

  /** The probe's path; "/" when it names none, as Kubernetes defaults it. */
  private static String path(HTTPGetAction get) {
    String path = requireNonNullElse(get.getPath(), "");
    return path.startsWith("/") ? path : "/" + path;
  }

  private static Optional<Integer> containerPort(Container spec, IntOrString port) {
    if (port.getIntVal() != null) {
      return Optional.of(port.getIntVal());
    }
    return requireNonNullElse(spec.getPorts(), List.<ContainerPort>of()).stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .findFirst()
        .map(ContainerPort::getContainerPort);
  }

  private static boolean answers(HttpClient http, URI uri) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() >= 200 && response.statusCode() < 400;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
