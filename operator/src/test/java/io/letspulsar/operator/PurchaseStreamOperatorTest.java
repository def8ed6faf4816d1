package io.letspulsar.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.letspulsar.operator.api.PulsarConnection;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.Names;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.pulsar.AdminPulsarTopics;
import io.letspulsar.operator.pulsar.MeteredPulsarTopics;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.Loopback;
import io.letspulsar.testing.PulsarExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The operator on the fabric8 mock API server (CRUD mode) with a real Pulsar broker. */
@EnableKubernetesMockClient(crud = true, https = false)
@ExtendWith(PulsarExtension.class)
class PurchaseStreamOperatorTest {
  private static final Duration RESYNC = Duration.ofSeconds(1);

  static KubernetesClient client;
  static KubernetesMockServer server;

  private final List<MeteredPulsarTopics> adminClients = new CopyOnWriteArrayList<>();
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CountingMetrics reconciliations =
      new CountingMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics));
  private final StreamGauges streams = new StreamGauges(metrics);
  private Operator operator;
  private PulsarConnections connections;
  private EmbeddedPulsar pulsar;
  private String namespace;
  private String name;

  @TempDir Path scratch;

  @BeforeEach
  void startOperator(EmbeddedPulsar pulsar) throws IOException {
    this.pulsar = pulsar;
    namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
    name = "purchases-" + UUID.randomUUID().toString().substring(0, 8);
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(Path.of("../crds/purchasestreams.streams.letspulsar.io-v1.yml")),
            CustomResourceDefinition.class);
    client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(c -> c.update());
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            Serialization.unmarshal(
                Files.readString(Path.of("../crds/pulsarconnections.streams.letspulsar.io-v1.yml")),
                CustomResourceDefinition.class))
        .createOr(c -> c.update());
    OperatorConfig config =
        new OperatorConfig(
            PulsarCluster.unsecured(pulsar.adminUrl(), pulsar.serviceUrl()),
            "workload:test",
            RESYNC,
            RESYNC,
            false);
    connections =
        new PulsarConnections(
            cluster -> {
              MeteredPulsarTopics counting =
                  new MeteredPulsarTopics(AdminPulsarTopics.connect(cluster), metrics);
              adminClients.add(counting);
              return counting;
            },
            4,
            Duration.ofMinutes(1),
            Clock.systemUTC());
    operator =
        Operators.create(
            client,
            new OperatorSettings(
                config, Set.of(namespace), Optional.empty(), namespace, 4, 0, Loopback.ADDRESS),
            connections,
            scratch,
            reconciliations,
            streams);
    operator.start();
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
    connections.close();
  }

  private PurchaseStream apply(String spec) {
    PurchaseStream stream =
        Serialization.unmarshal(
            "apiVersion: streams.letspulsar.io/v1alpha1\n"
                + "kind: PurchaseStream\n"
                + "metadata: {name: "
                + name
                + ", namespace: "
                + namespace
                + "}\n"
                + "spec:\n"
                + spec.indent(2),
            PurchaseStream.class);
    return client
        .resource(stream)
        .createOr(existing -> existing.patch(PatchContext.of(PatchType.JSON_MERGE), stream));
  }

  /** A PulsarConnection to a port nothing listens on, open to this test's namespace. */
  private void unreachableConnection(String connection) {
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: streams.letspulsar.io/v1alpha1
                kind: PulsarConnection
                metadata: {name: %s, namespace: %s}
                spec:
                  adminUrl: http://127.0.0.1:1
                  serviceUrl: pulsar://127.0.0.1:1
                  tenancy: [{namespaces: ['*'], pulsarNamespaces: ['*']}]
                """
                    .formatted(connection, namespace),
                PulsarConnection.class))
        .create();
    await().until(() -> connection(connection).getStatus() != null);
  }

  private PulsarConnection connection(String connection) {
    return client
        .resources(PulsarConnection.class)
        .inNamespace(namespace)
        .withName(connection)
        .get();
  }

  private PurchaseStream current() {
    return client.resources(PurchaseStream.class).inNamespace(namespace).withName(name).get();
  }

  private Condition condition(String type) {
    return Optional.ofNullable(current()).flatMap(stream -> stream.condition(type)).orElse(null);
  }

  private void awaitCondition(String type, String status, String reason) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(condition(type))
                    .as("condition %s", type)
                    .isNotNull()
                    .extracting(Condition::getStatus, Condition::getReason)
                    .containsExactly(status, reason));
  }

  private Deployment deployment() {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private ConfigMap configMap(String component) {
    return client.configMaps().inNamespace(namespace).withName(name + "-" + component).get();
  }

  /** The mock has no Deployment controller: play it and report the pods ready. */
  private void podsBecomeReady(int ready) {
    deploymentReports(new DeploymentStatusBuilder().withReplicas(ready).withReadyReplicas(ready));
  }

  private void deploymentReports(DeploymentStatusBuilder status) {
    Deployment deployment = deployment();
    deployment.setStatus(status.build());
    client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
  }

  private String topic() {
    return "persistent://public/default/" + name;
  }

  @Test
  void aStreamGetsItsTopicConfigMapsAndDeploymentAndIsReadyOnceThePodsAre() throws Exception {
    apply("topic: {partitions: 2, retention: {time: 7d, size: 1Gi}, messageTtl: 1h}");

    awaitCondition("TopicReady", "True", "TopicReady");
    assertThat(pulsar.admin().topics().getPartitionedTopicMetadata(topic()).partitions)
        .isEqualTo(2);
    assertThat(configMap("producer").getData().get("producer.properties"))
        .contains("producer.topic=" + topic().replace(":", "\\:"));
    assertThat(configMap("consumer").getData().get("consumer.properties"))
        .contains("subscription.name=" + name + "-sub");
    PurchaseStream stream = current();
    for (var owned : List.of(deployment(), configMap("producer"), configMap("consumer"))) {
      assertThat(owned.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(stream.getMetadata().getUid()));
    }
    awaitCondition("WorkloadReady", "False", "PodsNotReady");
    awaitCondition("TopicReady", "True", "TopicReady");

    podsBecomeReady(1);

    awaitCondition("Ready", "True", "Ready");
    PurchaseStream ready = current();
    assertThat(ready.getStatus().topic).isEqualTo(topic());
    assertThat(ready.getStatus().partitions).isEqualTo(2);
    assertThat(ready.getStatus().ready).isEqualTo("1/1");
    assertThat(ready.getStatus().observedGeneration).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().stats).isNotNull();
    assertThat(client.v1().events().inNamespace(namespace).list().getItems())
        .extracting(e -> e.getReason())
        .contains("TopicCreated");
    assertThat(metrics.scrape()).contains("operator_sdk_reconciliations_success_total");
  }

  @Test
  void aPodThatCannotPullItsImageIsNamedInTheStatus() {
    apply("image: registry.example/no-such-workload:1");
    await().until(() -> deployment() != null);
    deploymentReports(new DeploymentStatusBuilder().withReplicas(1).withUnavailableReplicas(1));

    client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name + "-7d9f-abcde")
                .withLabels(Names.selector(Streams.model(current())))
                .endMetadata()
                .withNewStatus()
                .addNewContainerStatus()
                .withName("producer")
                .withNewState()
                .withNewWaiting()
                .withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"registry.example/no-such-workload:1\"")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build())
        .create();

    awaitCondition("Ready", "False", "ImagePullFailed");
    assertThat(condition("WorkloadReady").getMessage())
        .contains("container producer: ImagePullBackOff")
        .contains("registry.example/no-such-workload:1");
  }

  @Test
  void partitionsGrowButNeverShrink() throws Exception {
    apply("topic: {partitions: 2}");
    awaitCondition("TopicReady", "True", "TopicReady");

    apply("topic: {partitions: 4}");
    await()
        .untilAsserted(
            () ->
                assertThat(pulsar.admin().topics().getPartitionedTopicMetadata(topic()).partitions)
                    .isEqualTo(4));

    apply("topic: {partitions: 3}");
    awaitCondition("TopicReady", "False", "PartitionsCannotShrink");
    assertThat(condition("Ready").getReason()).isEqualTo("PartitionsCannotShrink");
    assertThat(pulsar.admin().topics().getPartitionedTopicMetadata(topic()).partitions)
        .isEqualTo(4);
    assertThat(current().getSpec().topic.partitions).as("the spec is the user's").isEqualTo(3);
  }

  @Test
  void aNewIntervalChangesTheConfigMapAndRollsThePods() {
    apply("producer: {interval: 5s}");
    await().until(() -> deployment() != null && configMap("producer") != null);
    String hash =
        deployment()
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(Names.CONFIG_HASH_ANNOTATION);

    apply("producer: {interval: 1s}");

    await()
        .untilAsserted(
            () -> {
              assertThat(configMap("producer").getData().get("producer.properties"))
                  .contains("producer.interval=1s");
              assertThat(
                      deployment()
                          .getSpec()
                          .getTemplate()
                          .getMetadata()
                          .getAnnotations()
                          .get(Names.CONFIG_HASH_ANNOTATION))
                  .isNotEqualTo(hash);
            });
  }

  @Test
  void whatIsDeletedOutsideTheOperatorIsPutBack() throws Exception {
    apply("topic: {partitions: 0}");
    await().until(() -> deployment() != null && configMap("consumer") != null);
    awaitCondition("TopicReady", "True", "TopicReady");

    client.configMaps().inNamespace(namespace).withName(name + "-consumer").delete();
    client.apps().deployments().inNamespace(namespace).withName(name).delete();
    pulsar.admin().topics().delete(topic(), true);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(configMap("consumer")).isNotNull();
              assertThat(deployment()).isNotNull();
              assertThat(pulsar.admin().topics().getList("public/default")).contains(topic());
            });
  }

  @Test
  void deletingWithRetainKeepsTheTopic() throws Exception {
    apply("topic: {deletionPolicy: Retain}");
    awaitCondition("TopicReady", "True", "TopicReady");

    client.resource(current()).delete();

    await().until(() -> current() == null);
    assertThat(pulsar.admin().topics().getList("public/default")).contains(topic());
  }

  @Test
  void deletingWithDeleteRemovesTheTopic() throws Exception {
    apply("topic: {deletionPolicy: Delete, partitions: 2}");
    awaitCondition("TopicReady", "True", "TopicReady");

    client.resource(current()).delete();

    await().until(() -> current() == null);
    assertThat(pulsar.admin().topics().getPartitionedTopicList("public/default"))
        .doesNotContain(topic());
  }

  @Test
  void aTopicThatCannotBeDeletedKeepsTheStreamAndSaysWhyUntilTheUserChoosesRetain() {
    unreachableConnection("nowhere");
    apply("pulsar: {connection: nowhere}\ntopic: {deletionPolicy: Delete}");
    awaitCondition("Ready", "False", "PulsarUnavailable");

    client.resource(current()).delete();

    awaitCondition("Ready", "False", "TopicDeletionFailed");
    assertThat(condition("Ready").getMessage())
        .contains("Pulsar is unreachable")
        .contains("set spec.topic.deletionPolicy to Retain");
    assertThat(connection("nowhere").getStatus().condition("Ready"))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("PulsarUnavailable"));
    assertThat(client.v1().events().inNamespace(namespace).list().getItems())
        .extracting(e -> e.getReason())
        .contains("TopicDeletionFailed");

    apply("pulsar: {connection: nowhere}\ntopic: {deletionPolicy: Retain}");
    await().atMost(Duration.ofSeconds(30)).until(() -> current() == null);
  }

  @Test
  void aStreamWhosePulsarIsUnreachableSaysSoWhileAnotherKeepsWorking() {
    String healthy = name;
    apply("topic: {partitions: 0}");
    name = "broken-" + UUID.randomUUID().toString().substring(0, 8);
    unreachableConnection("nowhere");
    apply("pulsar: {connection: nowhere}");

    awaitCondition("Ready", "False", "PulsarUnavailable");
    assertThat(condition("Ready").getMessage())
        .contains("Pulsar is unreachable")
        .contains("retrying with backoff");
    name = healthy;
    awaitCondition("TopicReady", "True", "TopicReady");
    // What the PurchaseStreamPulsarUnreachable alert of the chart asks for.
    streams.refresh();
    assertThat(metrics.scrape())
        .contains(
            "purchasestream_streams{condition=\"TopicReady\",reason=\"PulsarUnavailable\","
                + "status=\"False\"} 1.0")
        .contains(
            "purchasestream_streams{condition=\"TopicReady\",reason=\"TopicReady\","
                + "status=\"True\"} 1.0");
  }

  @Test
  void aStoppedBrokerTurnsTheStreamNotReadyAndItRecoversWhenTheBrokerIsBack() {
    apply("topic: {partitions: 0}");
    await().until(() -> deployment() != null);
    podsBecomeReady(1);
    awaitCondition("Ready", "True", "Ready");

    pulsar.stop();
    try {
      awaitCondition("Ready", "False", "PulsarUnavailable");
    } finally {
      pulsar.start();
    }

    awaitCondition("Ready", "True", "Ready");
  }

  @Test
  void onceReadyResyncsWriteNothingToKubernetesOrPulsar() throws Exception {
    apply("topic: {partitions: 1, messageTtl: 1h}");
    await().until(() -> deployment() != null);
    podsBecomeReady(1);
    awaitCondition("Ready", "True", "Ready");
    // Three resyncs for topic policies to settle (they travel through a system topic) and the
    // status to follow, then five to count writes in.
    reconciliations.from(namespace, name).awaitFinished(3, Duration.ofSeconds(60));
    drainRequests();
    long adminWrites = adminClients.stream().mapToLong(MeteredPulsarTopics::writes).sum();
    long adminReads = adminClients.stream().mapToLong(MeteredPulsarTopics::reads).sum();

    reconciliations.from(namespace, name).awaitFinished(5, Duration.ofSeconds(60));

    List<String> writes =
        drainRequests().stream()
            .filter(r -> !r.getMethod().equals("GET"))
            .map(r -> r.getMethod() + " " + r.getPath())
            .toList();
    assertThat(writes).as("API writes during 5 resyncs after Ready").isEmpty();
    assertThat(adminClients.stream().mapToLong(MeteredPulsarTopics::writes).sum())
        .as("Pulsar admin writes during 5 resyncs after Ready")
        .isEqualTo(adminWrites);
    assertThat(adminClients.stream().mapToLong(MeteredPulsarTopics::reads).sum())
        .as("the resyncs did happen")
        .isGreaterThan(adminReads);
  }

  private static List<RecordedRequest> drainRequests() throws InterruptedException {
    List<RecordedRequest> requests = new java.util.ArrayList<>();
    for (RecordedRequest r; (r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null; ) {
      requests.add(r);
    }
    return requests;
  }
}
