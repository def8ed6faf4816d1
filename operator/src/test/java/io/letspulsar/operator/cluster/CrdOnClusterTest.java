package io.letspulsar.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.letspulsar.testing.ControlPlaneExtension;
import io.letspulsar.testing.Kubectl;
import io.letspulsar.testing.LocalControlPlane;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD on a real API server, through the real kubectl: it installs, kubectl explains it, and the
 * schema and CEL rules refuse bad PurchaseStreams with the field named, before any of them is
 * stored (so none can reach the operator).
 */
@ExtendWith(ControlPlaneExtension.class)
class CrdOnClusterTest {
  private static final String NAMESPACE = "crd-checks";
  private static LocalControlPlane cluster;

  @BeforeAll
  static void installCrd(LocalControlPlane controlPlane) {
    cluster = controlPlane;
    Clusters.installCrds(cluster);
    Clusters.createNamespace(cluster, NAMESPACE);
  }

  @Test
  void kubectlExplainShowsTheFieldDescriptions() {
    // The API server publishes a new CRD's OpenAPI a moment after the CRD is Established.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Kubectl.Result explain = cluster.kubectl("explain", "purchasestream.spec.topic");
              assertThat(explain.ok()).as(explain.err()).isTrue();
              assertThat(explain.out())
                  .contains("KIND:       PurchaseStream")
                  .contains("The Pulsar topic the purchases go to.")
                  .contains("partitions\t<integer>")
                  .contains("more = that many partitions. May grow, never")
                  .contains("deletionPolicy\t<string>")
                  .contains("enum: Delete, Retain");
            });
  }

  static Stream<Arguments> invalidStreams() {
    return Stream.of(
        Arguments.of("topic: {name: shop/purchases}", "spec.topic.name", "should match"),
        Arguments.of("topic: {tenant: my tenant}", "spec.topic.tenant", "should match"),
        Arguments.of("topic: {namespace: eu/west}", "spec.topic.namespace", "should match"),
        Arguments.of(
            "topic: {partitions: -1}", "spec.topic.partitions", "greater than or equal to 0"),
        Arguments.of("topic: {partition: 3}", "spec.topic.partition", "unknown field"),
        Arguments.of(
            "topic: {deletionPolicy: Purge}", "spec.topic.deletionPolicy", "Unsupported value"),
        Arguments.of("topic: {messageTtl: 1d}", "spec.topic.messageTtl", "should match"),
        Arguments.of(
            "topic: {retention: {size: 500MB}}", "spec.topic.retention.size", "should match"),
        Arguments.of(
            "topic: {retention: {time: 12hours}}", "spec.topic.retention.time", "should match"),
        Arguments.of("replicas: -1", "spec.replicas", "greater than or equal to 0"),
        Arguments.of("replicas: two", "spec.replicas", "must be of type integer"),
        Arguments.of("replicas: 3", "spec", "replicas > 1 needs consumer.subscriptionType"),
        Arguments.of(
            "replicas: 3\nconsumer: {subscriptionType: Exclusive}",
            "spec",
            "an Exclusive subscription takes one consumer only"),
        Arguments.of("producer: {interval: 5 seconds}", "spec.producer.interval", "should match"),
        Arguments.of("producer: {interval: -5s}", "spec.producer.interval", "should match"),
        Arguments.of(
            "consumer: {subscriptionType: Shard}",
            "spec.consumer.subscriptionType",
            "Unsupported value"),
        Arguments.of(
            "consumer: {initialPosition: Middle}",
            "spec.consumer.initialPosition",
            "Unsupported value"),
        Arguments.of(
            "consumer: {subscription: audit log}", "spec.consumer.subscription", "should match"),
        Arguments.of(
            "pulsar: {adminUrl: 'http://10.0.0.1:8080'}", "spec.pulsar.adminUrl", "unknown field"),
        Arguments.of(
            "pulsar: {connection: Shared_Pulsar}", "spec.pulsar.connection", "should match"),
        Arguments.of("pulsar: {role: 'orders app'}", "spec.pulsar.role", "should match"),
        Arguments.of(
            "pulsar: {authentication: {tokenSecretRef: {name: t, key: token}, tlsSecretRef: {name:"
                + " c}}}",
            "spec.pulsar.authentication",
            "set exactly one of tokenSecretRef, oauth2 and tlsSecretRef"),
        Arguments.of(
            "pulsar: {authentication: {oauth2: {issuerUrl: 'https://auth.example/'}}}",
            "spec.pulsar.authentication.oauth2.credentialsSecretRef",
            "Required value"),
        Arguments.of(
            "pulsar: {authentication: {tokenSecretRef: {name: pulsar-token}}}",
            "spec.pulsar.authentication.tokenSecretRef.key",
            "Required value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidStreams")
  void kubectlApplyRefusesAnInvalidStreamNamingTheField(String spec, String field, String why) {
    String name = "invalid-" + Integer.toHexString(spec.hashCode());

    Kubectl.Result apply = cluster.kubectl().apply(Clusters.stream(NAMESPACE, name, spec));

    assertThat(apply.ok()).as("kubectl apply of %s: %s", spec, apply.out()).isFalse();
    assertThat(apply.err()).contains(field).contains(why);
    assertThat(cluster.kubectl("get", "pstream", name, "-n", NAMESPACE).err()).contains("NotFound");
  }

  static Stream<Arguments> invalidChanges() {
    return Stream.of(
        Arguments.of(
            "topic: {partitions: 3}",
            "topic: {partitions: 1}",
            "topic.partitions can grow, never shrink"),
        Arguments.of("topic: {name: a}", "topic: {name: b}", "topic.name is immutable"),
        Arguments.of("topic: {tenant: a}", "topic: {tenant: b}", "topic.tenant is immutable"),
        Arguments.of(
            "topic: {namespace: a}", "topic: {namespace: b}", "topic.namespace is immutable"),
        Arguments.of(
            "topic: {persistent: true}",
            "topic: {persistent: false}",
            "topic.persistent is immutable"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("invalidChanges")
  void kubectlApplyRefusesAnInvalidChangeAndKeepsTheStoredSpec(
      String before, String after, String why) {
    String name = "change-" + Integer.toHexString((before + after).hashCode());
    Kubectl.Result create = cluster.kubectl().apply(Clusters.stream(NAMESPACE, name, before));
    assertThat(create.ok()).as(create.err()).isTrue();
    String stored = spec(name);

    Kubectl.Result change = cluster.kubectl().apply(Clusters.stream(NAMESPACE, name, after));

    assertThat(change.ok()).isFalse();
    assertThat(change.err()).contains(why);
    assertThat(spec(name)).isEqualTo(stored);
  }

  @Test
  void scalingAnExclusiveStreamPastOneReplicaIsRefused() {
    Kubectl.Result create =
        cluster.kubectl().apply(Clusters.stream(NAMESPACE, "exclusive", "replicas: 1"));
    assertThat(create.ok()).as(create.err()).isTrue();

    Kubectl.Result scale =
        cluster.kubectl("scale", "pstream/exclusive", "--replicas=2", "-n", NAMESPACE);

    assertThat(scale.ok()).isFalse();
    assertThat(scale.err()).contains("an Exclusive subscription takes one consumer only");
    assertThat(spec("exclusive")).contains("\"replicas\":1");
  }

  private static String spec(String name) {
    return cluster.kubectl("get", "pstream", name, "-n", NAMESPACE, "-o", "jsonpath={.spec}").out();
  }
}
