package io.letspulsar.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.testing.Kubectl;
import io.letspulsar.testing.LocalControlPlane;
import java.time.Duration;

/** Steps the real-cluster tests share, done with kubectl as a user would. */
final class Clusters {
  private Clusters() {}

  /**
   * Installs (or updates) the CRDs of crds/, as a user does, and waits until the API serves them.
   */
  static void installCrds(LocalControlPlane cluster) {
    ok(cluster.kubectl("apply", "--server-side", "-f", "../crds/"));
    ok(
        cluster.kubectl(
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "crd/purchasestreams.streams.letspulsar.io",
            "crd/pulsarconnections.streams.letspulsar.io"));
  }

  /**
   * Deletes every stream of the namespace and waits until they are gone: an operator must run to
   * remove their finalizers, so that none outlives the suite on the shared control plane.
   */
  static void deleteAllStreams(KubernetesClient admin, String namespace, Duration timeout) {
    admin.resources(PurchaseStream.class).inNamespace(namespace).delete();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .alias("all streams of " + namespace + " deleted")
        .until(
            () ->
                admin
                    .resources(PurchaseStream.class)
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .isEmpty());
  }

  static void createNamespace(LocalControlPlane cluster, String namespace) {
    ok(
        cluster
            .kubectl()
            .apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + namespace + "}\n"));
  }

  /** A PurchaseStream document with this spec (YAML, may be empty). */
  static String stream(String namespace, String name, String spec) {
    return resource("PurchaseStream", namespace, name, spec);
  }

  /** A PulsarConnection document with this spec (YAML). */
  static String connection(String namespace, String name, String spec) {
    return resource("PulsarConnection", namespace, name, spec);
  }

  private static String resource(String kind, String namespace, String name, String spec) {
    return """
        apiVersion: streams.letspulsar.io/v1alpha1
        kind: %s
        metadata:
          name: %s
          namespace: %s
        spec:
        %s
        """
        .formatted(kind, name, namespace, spec.isBlank() ? "  {}" : spec.indent(2).stripTrailing());
  }

  static Kubectl.Result ok(Kubectl.Result result) {
    assertThat(result.ok()).as("kubectl failed: %s", result.err()).isTrue();
    return result;
  }
}
