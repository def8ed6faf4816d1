package io.letspulsar.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.testing.Kubectl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A sandbox started for the end-to-end tests, and what they read of it: streams, their pods, the
 * consumers' metrics, and every line the workload's containers printed.
 */
final class SandboxProbe implements AutoCloseable {
  /** A purchase line: pod, container, what happened, user, message id. */
  static final Pattern PURCHASE =
      Pattern.compile(
          "^\\S+/(\\S+)/(producer|consumer) \\| .* (produced|consumed) \"[^\"]+\" for (\\S+) as (\\S+)");

  private final Sandbox sandbox;
  private final List<String> output;

  private SandboxProbe(Sandbox sandbox, List<String> output) {
    this.sandbox = sandbox;
    this.output = output;
  }

  /** Starts a sandbox whose containers' lines are kept and printed. */
  static SandboxProbe start(SandboxOptions options) {
    List<String> output = new CopyOnWriteArrayList<>();
    Sandbox sandbox =
        Sandbox.start(
            options,
            line -> {
              output.add(line);
              System.out.println(line);
            });
    return new SandboxProbe(sandbox, output);
  }

  Sandbox sandbox() {
    return sandbox;
  }

  /** Every line the workload's containers printed so far, as {@code namespace/pod/container | }. */
  List<String> output() {
    return output;
  }

  Kubectl.Result kubectl(String... args) {
    Kubectl.Result result = sandbox.cluster().kubectl(args);
    assertThat(result.ok()).as(result.err()).isTrue();
    return result;
  }

  PurchaseStream stream(String namespace, String name) {
    return sandbox
        .cluster()
        .client()
        .resources(PurchaseStream.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  Optional<Condition> ready(String namespace, String name) {
    return Optional.ofNullable(stream(namespace, name)).flatMap(s -> s.condition("Ready"));
  }

  /** The stream's pods that are not on their way out. */
  List<Pod> pods(String namespace, String name) {
    return sandbox
        .cluster()
        .client()
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", name)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  /** The consumer's count of acknowledged purchases, from its Prometheus metrics. */
  double acknowledged(Pod pod) throws Exception {
    int port =
        sandbox
            .kubelet()
            .hostPort(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), 8081)
            .orElseThrow();
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher acked =
        Pattern.compile("(?m)^purchases_acked_total(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
    return acked.find() ? Double.parseDouble(acked.group(1)) : 0;
  }

  /** Purchases by message id that the stream's producers produced or its consumers consumed. */
  Map<String, String> purchases(String namespace, String name, String what) {
    return output.stream()
        .filter(line -> line.startsWith(namespace + "/" + name + "-"))
        .map(PURCHASE::matcher)
        .filter(m -> m.find() && m.group(3).equals(what))
        .collect(Collectors.toMap(m -> m.group(5), m -> m.group(4), (a, b) -> a));
  }

  /** Deletes a stream without waiting: its pods stop and its objects go while other tests run. */
  void deleteLater(String namespace, String name) {
    kubectl("delete", "pstream", name, "-n", namespace, "--ignore-not-found", "--wait=false");
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
