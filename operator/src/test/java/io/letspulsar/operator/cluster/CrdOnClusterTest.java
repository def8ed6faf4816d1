package io.letspulsar.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.letspulsar.operator.Streams;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.TopicSpec;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.model.TopicPlan;
import io.letspulsar.operator.model.WorkloadConfigMaps;
import io.letspulsar.operator.model.WorkloadDeployment;
import io.letspulsar.operator.model.WorkloadNetworkPolicy;
import io.letspulsar.testing.ControlPlaneExtension;
import io.letspulsar.testing.Kubectl;
import io.letspulsar.testing.LocalControlPlane;
import io.letspulsar.workload.config.ConfigLoader;
import io.letspulsar.workload.config.ConsumerConfig;
import io.letspulsar.workload.config.ProducerConfig;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs on a real API server, through the real kubectl: they install, kubectl explains them, and
 * the schema and CEL rules refuse bad PurchaseStreams and PulsarConnections, and bad changes (also
 * by leaving a field or its object out), with the field named, before any of them is stored (so
 * none can reach the operator). The largest values they accept are stored and handled: the topic's
 * plan fits Pulsar's units and the objects the operator derives pass the API server.
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

  /**
   * Leaves nothing for the operators that later tests run on this API server (one per test JVM) to
   * reconcile: no stream of a hundred pods or a topic of 256 partitions.
   */
  @AfterAll
  static void deleteWhatWasStored() {
    Clusters.ok(
        cluster.kubectl(
            "delete", "purchasestreams,pulsarconnections", "--all", "-n", NAMESPACE, "--wait"));
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
                  .contains("more = that many partitions, at most 256")
                  .contains("deletionPolicy\t<string>")
                  .contains("enum: Delete, Retain");
            });
  }

  private static String repeat(String text, int times) {
    return text.repeat(times);
  }

  /** A YAML flow list of {@code count} distinct values, each {@code length} characters long. */
  private static String values(int count, int length) {
    return IntStream.range(0, count)
        .mapToObj(i -> String.format("%0" + length + "d", i))
        .map(value -> "'" + value + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  static Stream<Arguments> invalidStreams() {
    return Stream.of(
        // topic
        Arguments.of("topic: {name: shop/purchases}", "spec.topic.name", "should match"),
        Arguments.of("topic: {name: " + repeat("t", 241) + "}", "spec.topic.name", "Too long"),
        Arguments.of("topic: {tenant: my tenant}", "spec.topic.tenant", "should match"),
        Arguments.of("topic: {tenant: " + repeat("t", 241) + "}", "spec.topic.tenant", "Too long"),
        Arguments.of("topic: {namespace: eu/west}", "spec.topic.namespace", "should match"),
        Arguments.of(
            "topic: {namespace: " + repeat("n", 241) + "}", "spec.topic.namespace", "Too long"),
        Arguments.of(
            "topic: {partitions: -1}", "spec.topic.partitions", "greater than or equal to 0"),
        Arguments.of(
            "topic: {partitions: 257}", "spec.topic.partitions", "less than or equal to 256"),
        Arguments.of(
            "topic: {partitions: 4294967296}",
            "spec.topic.partitions",
            "less than or equal to 256"),
        Arguments.of("topic: {partition: 3}", "spec.topic.partition", "unknown field"),
        Arguments.of(
            "topic: {deletionPolicy: Purge}", "spec.topic.deletionPolicy", "Unsupported value"),
        Arguments.of("topic: {messageTtl: 1d}", "spec.topic.messageTtl", "should match"),
        Arguments.of("topic: {messageTtl: 500ms}", "spec.topic.messageTtl", "should match"),
        Arguments.of("topic: {messageTtl: 0s}", "spec.topic.messageTtl", "from 1s to 87360h"),
        Arguments.of("topic: {messageTtl: 87361h}", "spec.topic.messageTtl", "from 1s to 87360h"),
        Arguments.of("topic: {messageTtl: 9999999h}", "spec.topic.messageTtl", "should match"),
        Arguments.of(
            "topic: {messageTtl: 1h1h1h1h1h1h1h1h1h}", "spec.topic.messageTtl", "Too long"),
        Arguments.of(
            "topic: {retention: {size: 500MB}}", "spec.topic.retention.size", "should match"),
        Arguments.of(
            "topic: {retention: {size: 512Ki}}", "spec.topic.retention.size", "should match"),
        Arguments.of(
            "topic: {retention: {size: 0Mi}}", "spec.topic.retention.size", "should match"),
        Arguments.of(
            "topic: {retention: {size: 1025Ti}}",
            "spec.topic.retention.size",
            "must be at most 1024Ti"),
        Arguments.of(
            "topic: {retention: {size: 9999999999Ti}}",
            "spec.topic.retention.size",
            "must be at most 1024Ti"),
        Arguments.of(
            "topic: {retention: {time: 12hours}}", "spec.topic.retention.time", "should match"),
        Arguments.of("topic: {retention: {time: 0d}}", "spec.topic.retention.time", "should match"),
        Arguments.of(
            "topic: {retention: {time: 521w}}",
            "spec.topic.retention.time",
            "must be at most 520w"),
        Arguments.of(
            "topic: {retention: {time: 9999999w}}",
            "spec.topic.retention.time",
            "must be at most 520w"),
        Arguments.of("topic: {retention: {}}", "spec.topic.retention", "needs time, size or both"),
        // replicas
        Arguments.of("replicas: -1", "spec.replicas", "greater than or equal to 0"),
        Arguments.of(
            "replicas: 101\nconsumer: {subscriptionType: Shared}",
            "spec.replicas",
            "less than or equal to 100"),
        Arguments.of("replicas: two", "spec.replicas", "must be of type integer"),
        Arguments.of("replicas: 3", "spec", "replicas > 1 needs consumer.subscriptionType"),
        Arguments.of(
            "replicas: 3\nconsumer: {subscriptionType: Exclusive}",
            "spec",
            "an Exclusive subscription takes one consumer only"),
        // producer
        Arguments.of("producer: {interval: 5 seconds}", "spec.producer.interval", "should match"),
        Arguments.of("producer: {interval: -5s}", "spec.producer.interval", "should match"),
        Arguments.of(
            "producer: {interval: 24h1ms}", "spec.producer.interval", "must be at most 24h"),
        Arguments.of("producer: {interval: 1234567ms}", "spec.producer.interval", "should match"),
        Arguments.of(
            "producer: {interval: 1h1h1h1h1h1h1h1h1h}", "spec.producer.interval", "Too long"),
        Arguments.of("producer: {users: []}", "spec.producer.users", "at least 1 items"),
        Arguments.of("producer: {users: ['ann,bob']}", "spec.producer.users[0]", "should match"),
        Arguments.of("producer: {users: [' ann']}", "spec.producer.users[0]", "should match"),
        Arguments.of("producer: {users: ['']}", "spec.producer.users[0]", "should match"),
        Arguments.of(
            "producer: {users: [" + repeat("u", 101) + "]}", "spec.producer.users[0]", "Too long"),
        Arguments.of(
            "producer: {users: " + values(1001, 4) + "}",
            "spec.producer.users",
            "must have at most 1000 items"),
        Arguments.of("producer: {items: []}", "spec.producer.items", "at least 1 items"),
        Arguments.of("producer: {items: ['pen, ink']}", "spec.producer.items[0]", "should match"),
        Arguments.of(
            "producer: {resources: {limits: {nvidia.com/gpu: 1}}}",
            "spec.producer.resources",
            "take only cpu, memory and ephemeral-storage"),
        Arguments.of(
            "producer: {resources: {limits: {memory: lots}}}",
            "spec.producer.resources",
            "must be a quantity of 0 or more"),
        Arguments.of(
            "producer: {resources: {requests: {cpu: '-100m'}}}",
            "spec.producer.resources",
            "must be a quantity of 0 or more"),
        Arguments.of(
            "producer: {resources: {requests: {memory: 2Gi}, limits: {memory: 1Gi}}}",
            "spec.producer.resources",
            "a request must not be more than its limit"),
        Arguments.of(
            "producer: {resources: {claims: [{name: gpu}]}}",
            "spec.producer.resources.claims",
            "unknown field"),
        Arguments.of(
            "consumer: {resources: {requests: {cpu: 2}, limits: {cpu: 1}}}",
            "spec.consumer.resources",
            "a request must not be more than its limit"),
        // consumer
        Arguments.of(
            "consumer: {deadLetter: {maxRedeliveries: 3}}",
            "spec.consumer.deadLetter",
            "needs subscriptionType Shared or Key_Shared"),
        Arguments.of(
            "consumer: {subscriptionType: Shared, deadLetter: {}}",
            "spec.consumer.deadLetter.maxRedeliveries",
            "Required value"),
        Arguments.of(
            "consumer: {subscriptionType: Shared, deadLetter: {maxRedeliveries: 0}}",
            "spec.consumer.deadLetter.maxRedeliveries",
            "greater than or equal to 1"),
        Arguments.of(
            "consumer: {subscriptionType: Shared, deadLetter: {maxRedeliveries: 1001}}",
            "spec.consumer.deadLetter.maxRedeliveries",
            "less than or equal to 1000"),
        Arguments.of(
            "consumer: {redelivery: {delay: 1h1ms, maxDelay: 2h}}",
            "spec.consumer.redelivery.delay",
            "must be at most 1h"),
        Arguments.of(
            "consumer: {redelivery: {maxDelay: 24h1ms}}",
            "spec.consumer.redelivery.maxDelay",
            "must be at most 24h"),
        Arguments.of(
            "consumer: {redelivery: {delay: 10s, maxDelay: 5s}}",
            "spec.consumer.redelivery",
            "maxDelay must be at least delay"),
        Arguments.of(
            "consumer: {redelivery: {delay: 1 second}}",
            "spec.consumer.redelivery.delay",
            "should match"),
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
            "consumer: {subscription: " + repeat("s", 241) + "}",
            "spec.consumer.subscription",
            "Too long"),
        // pulsar
        Arguments.of(
            "pulsar: {adminUrl: 'http://10.0.0.1:8080'}", "spec.pulsar.adminUrl", "unknown field"),
        Arguments.of(
            "pulsar: {connection: Shared_Pulsar}", "spec.pulsar.connection", "should match"),
        Arguments.of(
            "pulsar: {connection: shared..pulsar}", "spec.pulsar.connection", "should match"),
        Arguments.of(
            "pulsar: {connection: " + repeat("c", 254) + "}", "spec.pulsar.connection", "Too long"),
        Arguments.of("pulsar: {role: 'orders app'}", "spec.pulsar.role", "should match"),
        Arguments.of("pulsar: {role: 'orders/app'}", "spec.pulsar.role", "should match"),
        Arguments.of("pulsar: {role: '{app}'}", "spec.pulsar.role", "should match"),
        Arguments.of("pulsar: {role: " + repeat("r", 257) + "}", "spec.pulsar.role", "Too long"),
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
            "Required value"),
        Arguments.of(
            "pulsar: {authentication: {tokenSecretRef: {name: Pulsar_Token, key: token}}}",
            "spec.pulsar.authentication.tokenSecretRef.name",
            "should match"),
        Arguments.of(
            "pulsar: {authentication: {tokenSecretRef: {name: pulsar-token, key: '..'}}}",
            "spec.pulsar.authentication.tokenSecretRef.key",
            "should match"),
        Arguments.of(
            "pulsar: {authentication: {tlsSecretRef: {name: ''}}}",
            "spec.pulsar.authentication.tlsSecretRef.name",
            "should match"),
        Arguments.of(
            "pulsar: {tls: {trustCertsSecretRef: {name: pulsar-ca, key: certs/ca.crt}}}",
            "spec.pulsar.tls.trustCertsSecretRef.key",
            "should match"),
        Arguments.of(
            "pulsar: {authentication: {oauth2: {issuerUrl: 'https://me:secret@auth.example/',"
                + " credentialsSecretRef: {name: o, key: k}}}}",
            "spec.pulsar.authentication.oauth2.issuerUrl",
            "should match"),
        Arguments.of(
            "pulsar: {authentication: {oauth2: {issuerUrl: 'https://auth.example:70000/',"
                + " credentialsSecretRef: {name: o, key: k}}}}",
            "spec.pulsar.authentication.oauth2.issuerUrl",
            "should match"),
        Arguments.of(
            "pulsar: {authentication: {oauth2: {issuerUrl: 'https://auth.example/', audience: '',"
                + " credentialsSecretRef: {name: o, key: k}}}}",
            "spec.pulsar.authentication.oauth2.audience",
            "should match"),
        Arguments.of(
            "pulsar: {authentication: {oauth2: {issuerUrl: 'https://auth.example/', scope: ' a',"
                + " credentialsSecretRef: {name: o, key: k}}}}",
            "spec.pulsar.authentication.oauth2.scope",
            "should match"),
        // image
        Arguments.of("image: 'Registry/Workload:1'", "spec.image", "should match"),
        Arguments.of("image: 'workload: 1'", "spec.image", "should match"),
        Arguments.of("image: ''", "spec.image", "should match"),
        Arguments.of("image: " + repeat("i", 513), "spec.image", "Too long"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidStreams")
  @Execution(ExecutionMode.CONCURRENT)
  void kubectlApplyRefusesAnInvalidStreamNamingTheField(String spec, String field, String why) {
    String name = "invalid-" + Integer.toHexString(spec.hashCode());

    assertRefused(Clusters.stream(NAMESPACE, name, spec), "pstream", name, field, why);
  }

  @ParameterizedTest
  @CsvSource({"PurchaseStream, pstream", "PulsarConnection, pconn"})
  void aResourceWithoutSpecIsRefused(String kind, String shortName) {
    assertRefused(
        """
        apiVersion: streams.letspulsar.io/v1alpha1
        kind: %s
        metadata: {name: no-spec, namespace: %s}
        """
            .formatted(kind, NAMESPACE),
        shortName,
        "no-spec",
        "spec",
        shortName.equals("pstream") ? "spec is required" : "Required value");
  }

  @Test
  void aNameLongerThanALabelValueIsRefused() {
    String name = "n" + repeat("a", PurchaseStream.MAX_NAME_LENGTH);

    assertRefused(
        Clusters.stream(NAMESPACE, name, ""),
        "pstream",
        name,
        "metadata.name",
        "must be at most 63 characters: it is the value of the label app.kubernetes.io/instance");
  }

  private static void assertRefused(
      String document, String kind, String name, String field, String why) {
    Kubectl.Result apply = cluster.kubectl().apply(document);

    assertThat(apply.ok()).as("kubectl apply of %s: %s", document, apply.out()).isFalse();
    assertThat(apply.err()).contains(field).contains(why);
    assertThat(cluster.kubectl("get", kind, name, "-n", NAMESPACE).err()).contains("NotFound");
  }

  static Stream<Arguments> invalidChanges() {
    String renamed = "topic.name is immutable (left out, it is metadata.name)";
    String moved = "the stream would move to another topic";
    String shrunk = "topic.partitions can grow, never shrink";
    String subscription = "consumer.subscription is immutable";
    String connection = "pulsar.connection is immutable";
    String type = "consumer.subscriptionType changes only while no consumer runs";
    return Stream.of(
        // a field changed
        Arguments.of("topic: {partitions: 3}", "topic: {partitions: 1}", shrunk),
        Arguments.of("topic: {name: a}", "topic: {name: b}", renamed),
        Arguments.of("topic: {tenant: a}", "topic: {tenant: b}", "topic.tenant is immutable"),
        Arguments.of(
            "topic: {namespace: a}", "topic: {namespace: b}", "topic.namespace is immutable"),
        Arguments.of(
            "topic: {persistent: true}",
            "topic: {persistent: false}",
            "topic.persistent is immutable"),
        // a field left out: its default in effect
        Arguments.of("topic: {name: a, partitions: 2}", "topic: {partitions: 2}", renamed),
        Arguments.of("topic: {tenant: a}", "topic: {}", "topic.tenant is immutable"),
        Arguments.of("topic: {namespace: a}", "topic: {}", "topic.namespace is immutable"),
        Arguments.of("topic: {persistent: false}", "topic: {}", "topic.persistent is immutable"),
        Arguments.of("topic: {partitions: 3}", "topic: {}", shrunk),
        // the whole topic left out
        Arguments.of("topic: {name: a}", "", renamed),
        Arguments.of("topic: {tenant: a}", "", moved),
        Arguments.of("topic: {namespace: a}", "", moved),
        Arguments.of("topic: {persistent: false}", "", moved),
        Arguments.of("topic: {partitions: 3}", "", shrunk),
        // a default changed for a value
        Arguments.of("", "topic: {name: other}", renamed),
        Arguments.of("", "topic: {tenant: other}", "topic.tenant is immutable"),
        Arguments.of("replicas: 1", "topic: {namespace: other}", "topic.namespace is immutable"),
        // the subscription
        Arguments.of(
            "consumer: {subscription: audit}", "consumer: {subscription: audit-2}", subscription),
        Arguments.of("consumer: {subscription: audit}", "consumer: {enabled: true}", subscription),
        Arguments.of("consumer: {subscription: audit}", "", subscription),
        Arguments.of("", "consumer: {subscription: audit}", subscription),
        Arguments.of(
            "consumer: {initialPosition: Latest}", "", "consumer.initialPosition is immutable"),
        Arguments.of(
            "consumer: {subscriptionType: Shared}",
            "consumer: {subscriptionType: Key_Shared}",
            type),
        Arguments.of("consumer: {subscriptionType: Shared}", "", type),
        Arguments.of("", "consumer: {subscriptionType: Failover}", type),
        // the cluster
        Arguments.of("pulsar: {connection: east}", "pulsar: {connection: west}", connection),
        Arguments.of("pulsar: {connection: east}", "pulsar: {role: app}", connection),
        Arguments.of("pulsar: {connection: east}", "", connection),
        Arguments.of("", "pulsar: {connection: west}", connection));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("invalidChanges")
  @Execution(ExecutionMode.CONCURRENT)
  void kubectlApplyRefusesAnInvalidChangeAndKeepsTheStoredSpec(
      String before, String after, String why) {
    String name = "change-" + Integer.toHexString((before + "->" + after).hashCode());
    Kubectl.Result create = cluster.kubectl().apply(Clusters.stream(NAMESPACE, name, before));
    assertThat(create.ok()).as(create.err()).isTrue();
    String stored = spec(name);

    Kubectl.Result change = cluster.kubectl().apply(Clusters.stream(NAMESPACE, name, after));

    assertThat(change.ok()).as("kubectl apply of %s", after).isFalse();
    assertThat(change.err()).contains(why);
    assertThat(spec(name)).isEqualTo(stored);
  }

  /** A new stream needs a spec; one left out later is all defaults, held to the same rules. */
  @Test
  void removingTheWholeSpecIsAChangeLikeAnyOther() {
    Clusters.ok(cluster.kubectl().apply(Clusters.stream(NAMESPACE, "whole", "topic: {name: a}")));
    Clusters.ok(cluster.kubectl().apply(Clusters.stream(NAMESPACE, "defaults", "")));
    String stored = spec("whole");

    Kubectl.Result renamed = removeSpec("whole");
    Kubectl.Result same = removeSpec("defaults");

    assertThat(renamed.ok()).isFalse();
    assertThat(renamed.err()).contains("spec.topic.name").contains("topic.name is immutable");
    assertThat(spec("whole")).isEqualTo(stored);
    assertThat(same.ok()).as(same.err()).isTrue();
  }

  private static Kubectl.Result removeSpec(String name) {
    return cluster.kubectl(
        "patch",
        "pstream",
        name,
        "-n",
        NAMESPACE,
        "--type=json",
        "-p=[{\"op\": \"remove\", \"path\": \"/spec\"}]");
  }

  /** Changes that say the same thing, or that the operator and Pulsar can honour. */
  static Stream<Arguments> validChanges() {
    return Stream.of(
        Arguments.of("topic: {tenant: public, namespace: default, persistent: true}", ""),
        Arguments.of("", "topic: {name: NAME, partitions: 0}"),
        Arguments.of("topic: {name: NAME}", "replicas: 1"),
        Arguments.of("topic: {partitions: 2}", "topic: {partitions: 3}"),
        Arguments.of("", "topic: {partitions: 1}"),
        Arguments.of("consumer: {subscription: NAME-sub, initialPosition: Earliest}", ""),
        Arguments.of(
            "consumer: {subscriptionType: Exclusive}\nreplicas: 0",
            "consumer: {subscriptionType: Key_Shared}\nreplicas: 2"),
        Arguments.of(
            "consumer: {enabled: false}", "consumer: {subscriptionType: Shared, enabled: true}"),
        Arguments.of("topic: {retention: {time: 7d}}", "topic: {retention: {size: 1Gi}}"),
        Arguments.of("pulsar: {role: a}", "pulsar: {role: b}"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("validChanges")
  @Execution(ExecutionMode.CONCURRENT)
  void kubectlApplyAcceptsAChangeTheOperatorHonours(String before, String after) {
    String name = "valid-" + Integer.toHexString((before + "->" + after).hashCode());
    Clusters.ok(
        cluster.kubectl().apply(Clusters.stream(NAMESPACE, name, before.replace("NAME", name))));

    Kubectl.Result change =
        cluster.kubectl().apply(Clusters.stream(NAMESPACE, name, after.replace("NAME", name)));

    assertThat(change.ok()).as(change.err()).isTrue();
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

  @Test
  void theSubscriptionTypeChangesAfterKubectlScaleToZero() {
    Clusters.ok(
        cluster
            .kubectl()
            .apply(Clusters.stream(NAMESPACE, "retyped", "consumer: {subscriptionType: Shared}")));

    Kubectl.Result running =
        cluster
            .kubectl()
            .apply(Clusters.stream(NAMESPACE, "retyped", "consumer: {subscriptionType: Failover}"));
    assertThat(running.ok()).isFalse();
    assertThat(running.err()).contains("Scale the stream to 0 first");

    Clusters.ok(cluster.kubectl("scale", "pstream/retyped", "--replicas=0", "-n", NAMESPACE));
    Clusters.ok(
        cluster
            .kubectl()
            .apply(
                Clusters.stream(
                    NAMESPACE, "retyped", "consumer: {subscriptionType: Failover}\nreplicas: 2")));

    assertThat(spec("retyped")).contains("\"subscriptionType\":\"Failover\"");
  }

  /** Every bound at its largest: stored, and nothing the operator derives overflows or fails. */
  @Test
  void theLargestValidStreamIsStoredAndEverythingDerivedFromItHolds() throws IOException {
    String name = repeat("l", PurchaseStream.MAX_NAME_LENGTH);
    String spec =
        """
        topic:
          tenant: %1$s
          namespace: %1$s
          name: %1$s
          partitions: 256
          retention: {time: 520w, size: 1024Ti}
          messageTtl: 87360h
        producer:
          interval: 24h
          users: %2$s
          items: %2$s
          resources:
            requests: {cpu: 500m, memory: 512Mi, ephemeral-storage: 1Gi}
            limits: {cpu: 2, memory: 1Gi, ephemeral-storage: 2Gi}
        consumer:
          subscription: %3$s
          subscriptionType: Shared
          redelivery: {delay: 1h, maxDelay: 24h}
          deadLetter: {maxRedeliveries: 1000}
          resources: {requests: {cpu: 1, memory: 1Gi}, limits: {cpu: 1, memory: 1Gi}}
        pulsar:
          connection: %4$s
          role: %5$s
        replicas: 100
        image: %6$s
        """
            .formatted(
                repeat("t", 240),
                values(1000, 100),
                repeat("s", 240),
                repeat("c", 253),
                repeat("r", 256),
                "registry.example:5000/team/workload_2/x:"
                    + repeat("v", 128)
                    + "@sha256:"
                    + repeat("0", 64));

    Clusters.ok(cluster.kubectl().apply(Clusters.stream(NAMESPACE, name, spec)));

    PurchaseStream stored =
        cluster
            .client()
            .resources(PurchaseStream.class)
            .inNamespace(NAMESPACE)
            .withName(name)
            .get();
    StreamModel model = StreamModel.fromCrd(stored, Streams.CONFIG, Streams.CONFIG.pulsar());
    String longest = repeat("t", 240);
    assertThat(model.topic())
        .isEqualTo(
            new TopicPlan(
                "persistent://" + longest + "/" + longest + "/" + longest,
                longest,
                longest,
                TopicSpec.MAX_PARTITIONS,
                Optional.of(
                    new TopicPlan.Retention(
                        TopicSpec.MAX_RETENTION_MINUTES, TopicSpec.MAX_RETENTION_MEGABYTES)),
                Optional.of(87360 * 3600)));
    // The objects the operator makes of it pass the API server: names, labels, resources.
    for (HasMetadata object :
        List.of(
            WorkloadDeployment.desired(model),
            WorkloadConfigMaps.of(model, Names.PRODUCER),
            WorkloadConfigMaps.of(model, Names.CONSUMER),
            WorkloadNetworkPolicy.desired(model))) {
      cluster.client().resource(object).dryRun().create();
    }
    // The workload reads its ConfigMap back: every user, the longest pause.
    ProducerConfig producer =
        new ConfigLoader(
                "producer", properties(WorkloadConfigMaps.of(model, Names.PRODUCER)), Map.of())
            .producer();
    assertThat(producer.users()).hasSize(1000).allMatch(user -> user.length() == 100);
    assertThat(producer.interval()).isEqualTo(Duration.ofHours(24));
    // And the consumer its: the longest backoff, the most redeliveries, the longest dead-letter
    // topic's name.
    ConsumerConfig consumer =
        new ConfigLoader(
                "consumer", properties(WorkloadConfigMaps.of(model, Names.CONSUMER)), Map.of())
            .consumer();
    assertThat(consumer.nackRedeliveryMaxDelay()).isEqualTo(Duration.ofHours(24));
    assertThat(consumer.deadLetterMaxRedeliveries()).isEqualTo(1000);
    assertThat(consumer.deadLetterTopic()).contains(model.topic().topic() + "-DLQ");
  }

  private static Properties properties(ConfigMap configMap) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(configMap.getData().values().iterator().next()));
    return properties;
  }

  static Stream<Arguments> invalidConnections() {
    String urls = "adminUrl: 'https://pulsar.example:8443'\nserviceUrl: 'pulsar://pulsar.example'";
    String tenancy = "tenancy: [{namespaces: [shop], pulsarNamespaces: [public/default]}]";
    return Stream.of(
        Arguments.of("serviceUrl: 'pulsar://p:6650'\n" + tenancy, "spec.adminUrl", "Required"),
        Arguments.of(
            "adminUrl: 'ftp://pulsar.example'\nserviceUrl: 'pulsar://p'\n" + tenancy,
            "spec.adminUrl",
            "should match"),
        Arguments.of(
            "adminUrl: 'https://admin:secret@pulsar.example'\nserviceUrl: 'pulsar://p'\n" + tenancy,
            "spec.adminUrl",
            "should match"),
        Arguments.of(
            "adminUrl: 'https://pulsar.example:65536'\nserviceUrl: 'pulsar://p'\n" + tenancy,
            "spec.adminUrl",
            "should match"),
        Arguments.of(
            "adminUrl: 'https://p'\nserviceUrl: 'pulsar://p:6650/path'\n" + tenancy,
            "spec.serviceUrl",
            "should match"),
        Arguments.of(
            "adminUrl: 'https://p'\nserviceUrl: 'pulsar://a:6650,b:6650'\n" + tenancy,
            "spec.serviceUrl",
            "should match"),
        Arguments.of(
            "adminUrl: 'https://p'\nserviceUrl: 'pulsar+ssl://p:0'\n" + tenancy,
            "spec.serviceUrl",
            "should match"),
        Arguments.of(
            "adminUrl: 'https://" + repeat("h", 2041) + "'\nserviceUrl: 'pulsar://p'\n" + tenancy,
            "spec.adminUrl",
            "Too long"),
        Arguments.of(urls, "spec.tenancy", "Required value"),
        Arguments.of(urls + "\ntenancy: []", "spec.tenancy", "at least 1 items"),
        Arguments.of(
            urls
                + "\ntenancy: "
                + IntStream.range(0, 17)
                    .mapToObj(i -> "{namespaces: [shop], pulsarNamespaces: ['*']}")
                    .collect(Collectors.joining(", ", "[", "]")),
            "spec.tenancy",
            "must have at most 16 items"),
        Arguments.of(
            urls + "\ntenancy: [{namespaces: [], pulsarNamespaces: ['*']}]",
            "spec.tenancy[0].namespaces",
            "at least 1 items"),
        Arguments.of(
            urls + "\ntenancy: [{namespaces: [Shop], pulsarNamespaces: ['*']}]",
            "spec.tenancy[0].namespaces[0]",
            "should match"),
        Arguments.of(
            urls + "\ntenancy: [{namespaces: [" + repeat("s", 64) + "], pulsarNamespaces: ['*']}]",
            "spec.tenancy[0].namespaces[0]",
            "Too long"),
        Arguments.of(
            urls
                + "\ntenancy: [{namespaces: "
                + IntStream.range(0, 65)
                    .mapToObj(i -> "n" + i)
                    .collect(Collectors.joining(", ", "[", "]"))
                + ", pulsarNamespaces: ['*']}]",
            "spec.tenancy[0].namespaces",
            "must have at most 64 items"),
        Arguments.of(
            urls + "\ntenancy: [{namespaces: [shop]}]",
            "spec.tenancy[0].pulsarNamespaces",
            "Required value"),
        Arguments.of(
            urls + "\ntenancy: [{namespaces: [shop], pulsarNamespaces: [public]}]",
            "spec.tenancy[0].pulsarNamespaces[0]",
            "should match"),
        Arguments.of(
            urls
                + "\ntenancy: [{namespaces: [shop], pulsarNamespaces: "
                + IntStream.range(0, 17)
                    .mapToObj(i -> "t" + i + "/*")
                    .collect(Collectors.joining(", ", "[", "]"))
                + "}]",
            "spec.tenancy[0].pulsarNamespaces",
            "must have at most 16 items"),
        Arguments.of(
            urls + "\n" + tenancy + "\nauthentication: {tokenSecretRef: {name: t, key: 'a/b'}}",
            "spec.authentication.tokenSecretRef.key",
            "should match"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConnections")
  @Execution(ExecutionMode.CONCURRENT)
  void kubectlApplyRefusesAnInvalidConnectionNamingTheField(String spec, String field, String why) {
    String name = "invalid-" + Integer.toHexString(spec.hashCode());

    assertRefused(Clusters.connection(NAMESPACE, name, spec), "pconn", name, field, why);
  }

  @Test
  void theLargestValidConnectionIsStored() {
    String rule =
        "{namespaces: "
            + IntStream.range(0, 64)
                .mapToObj(i -> "ns-" + i + repeat("x", 55))
                .collect(Collectors.joining(", ", "[", "]"))
            + ", pulsarNamespaces: "
            + IntStream.range(0, 16)
                .mapToObj(i -> repeat("t", 239) + i % 10 + "/" + repeat("n", 240))
                .collect(Collectors.joining(", ", "[", "]"))
            + "}";
    String spec =
        "adminUrl: 'https://[fd00::1]:65535/"
            + repeat("p", 2000)
            + "'\nserviceUrl: 'pulsar+ssl://"
            + repeat("b", 63)
            + ".example:65535'\ntenancy: "
            + IntStream.range(0, 16)
                .mapToObj(i -> rule)
                .collect(Collectors.joining(", ", "[", "]"));

    Kubectl.Result apply = cluster.kubectl().apply(Clusters.connection(NAMESPACE, "largest", spec));

    assertThat(apply.ok()).as(apply.err()).isTrue();
  }

  private static String spec(String name) {
    return cluster.kubectl("get", "pstream", name, "-n", NAMESPACE, "-o", "jsonpath={.spec}").out();
  }
}
