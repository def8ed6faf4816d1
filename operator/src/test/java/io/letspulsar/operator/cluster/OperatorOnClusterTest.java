package io.letspulsar.operator.cluster;

import static io.letspulsar.operator.cluster.Clusters.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.letspulsar.operator.CountingMetrics;
import io.letspulsar.operator.OperatorRuntime;
import io.letspulsar.operator.Operators;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.PurchaseStreamStatus;
import io.letspulsar.operator.chart.Monitoring;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.testing.ControlPlaneExtension;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.LocalControlPlane;
import io.letspulsar.testing.LocalControlPlane.AuditedRequest;
import io.letspulsar.testing.LocalKubelet;
import io.letspulsar.testing.PulsarExtension;
import io.letspulsar.testing.TcpProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's whole lifecycle on a real API server and controller manager, with a real Pulsar
 * and the workload's containers run by {@link LocalKubelet}: streams created, changed, scaled and
 * deleted through kubectl. The operator runs as the Helm chart's ServiceAccount, with exactly the
 * chart's ClusterRole, and in the production mode ({@link Operators#create}).
 *
 * <p>Every test works on its own stream and needs nothing another test did: each passes alone and
 * in any order. What the operator wrote is read from the API server's audit log, for the test's own
 * stream or within the test's own time window.
 */
@ExtendWith({ControlPlaneExtension.class, PulsarExtension.class})
class OperatorOnClusterTest {
  private static final String NAMESPACE = "shop";
  private static final String OPERATOR_NAMESPACE = "purchasestream-system";
  private static final String IMAGE = "ghcr.io/letspulsar/purchasestream-workload:test";
  private static final Duration STATS_PERIOD = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path scratch;

  private static LocalControlPlane cluster;
  private static EmbeddedPulsar pulsar;
  private static KubernetesClient admin;
  private static ChartOperator chartOperator;

  private static Operator operator;
  private static PulsarConnections connections;
  private static CountingMetrics reconciliations;
  private static LocalKubelet kubelet;
  private static final List<String> output = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start(LocalControlPlane controlPlane, EmbeddedPulsar broker) {
    cluster = controlPlane;
    pulsar = broker;
    admin = cluster.client();
    Clusters.installCrds(cluster);
    Clusters.createNamespace(cluster, NAMESPACE);
    chartOperator = ChartOperator.install(cluster, OPERATOR_NAMESPACE);
    kubelet =
        LocalKubelet.start(
            admin,
            IMAGE,
            Path.of(System.getProperty("workload.image.tar")),
            line -> {
              output.add(line);
              System.out.println(line);
            });
    connections =
        new PulsarConnections(
            cluster -> OperatorRuntime.pulsarTopics(cluster, chartOperator.registry()),
            4,
            Duration.ofMinutes(1),
            Clock.systemUTC());
    startOperator();
  }

  /**
   * Starts an operator as the chart's ServiceAccount, counting its reconciliations; returns once
   * its informers are started.
   */
  private static void startOperator() {
    reconciliations = chartOperator.counting();
    operator =
        chartOperator.start(
            new OperatorConfig(
                PulsarCluster.unsecured(pulsar.adminUrl(), pulsar.serviceUrl()),
                IMAGE,
                STATS_PERIOD,
                STATS_PERIOD,
                false),
            connections,
            scratch,
            reconciliations);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
      connections.close();
      chartOperator.close();
    }
    if (kubelet != null) {
      kubelet.close();
    }
  }

  @Test
  void aStreamRunsItsWorkloadAndKubectlGetShowsIt() {
    String name = "demo";
    apply(name, "producer: {interval: 200ms}");

    awaitReady(name);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              PurchaseStreamStatus.Stats stats = stream(name).getStatus().stats;
              assertThat(stats.msgRateIn).isPositive();
              assertThat(stats.consumers).isEqualTo(1);
            });

    assertThat(output)
        .anyMatch(line -> line.startsWith(NAMESPACE + "/" + name) && line.contains("consumed"));
    // With purchases flowing, the operator writes nothing but the stream's changing stats: at most
    // one status patch a resync.
    CountingMetrics.Window resyncs = reconciliations.from(NAMESPACE, name);
    Instant end = resyncs.awaitFinished(3, TIMEOUT);
    assertThat(operatorWrites(name, resyncs.start(), end))
        .allSatisfy(w -> assertThat(w.resource()).isEqualTo("purchasestreams/status"))
        .hasSizeLessThanOrEqualTo(3);
    // The Deployment and every ConfigMap its pods mount are the stream's, and so is every
    // ConfigMap of the stream.
    Deployment deployment = deployment(name);
    assertThat(configMaps(name))
        .extracting(map -> map.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(mountedConfigMaps(deployment));
    List<HasMetadata> owned = new ArrayList<>(configMaps(name));
    owned.add(deployment);
    assertThat(owned)
        .allSatisfy(
            object ->
                assertThat(object.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(ref -> assertThat(ref.getKind()).isEqualTo("PurchaseStream"))
                    .satisfies(ref -> assertThat(ref.getName()).isEqualTo(name)));
    String table = ok(cluster.kubectl("get", "pstream", name, "-n", NAMESPACE)).out();
    assertThat(table.lines().findFirst().orElseThrow())
        .containsSubsequence(
            "NAME", "STATUS", "READY", "TOPIC", "SUBSCRIPTION", "RATE-IN", "BACKLOG", "AGE");
    assertThat(table.lines().skip(1).findFirst().orElseThrow())
        .containsSubsequence(
            name, "Ready", "1/1", "persistent://public/default/" + name, name + "-sub");

    delete(name);
  }

  @Test
  void theChartsDashboardAndAlertsAskOnlyForMetricsTheOperatorAndTheWorkloadServe()
      throws Exception {
    String name = "watched";
    apply(name, "producer: {interval: 200ms}");
    // And one that cannot be reconciled: JOSDK counts failed reconciles from the first one.
    String failing = "unconnected";
    apply(failing, "pulsar: {connection: missing}");
    awaitReady(name);
    awaitReason(failing, "ConnectionNotFound");
    Pod pod = pods(name).get(0);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(scrape(pod)).contains("purchases_consumed_total"));

    String operator = chartOperator.scrape();
    Set<String> served = metricNames(operator + scrape(pod));

    assertThat(served)
        .as("metrics the operator and the workload serve")
        .containsAll(Monitoring.metrics(Monitoring.queries(Monitoring.render())));
    assertThat(operator)
        .containsPattern(
            "(?m)^purchasestream_streams\\{condition=\"Ready\",reason=\"Ready\",status=\"True\"} [1-9]");
    delete(name);
    delete(failing);
  }

  @Test
  void aStreamWaitsForItsTokenSecretAndRunsOnceItExists() {
    String name = "secured";
    apply(
        name, "pulsar: {authentication: {tokenSecretRef: {name: " + name + "-token, key: token}}}");

    awaitReason(name, "SecretNotFound");
    createTokenSecret(name + "-token");

    awaitReady(name);
    delete(name);
    ok(cluster.kubectl("delete", "secret", name + "-token", "-n", NAMESPACE));
  }

  @Test
  void deletingWithRetainCollectsTheObjectsAndKeepsTheTopic() throws Exception {
    String name = "retained";
    apply(name, "replicas: 0");
    awaitReady(name);

    delete(name);

    assertThat(pulsar.admin().topics().getList("public/default"))
        .contains("persistent://public/default/" + name);
  }

  @Test
  void aPurchaseThatKeepsFailingEndsInTheDeadLetterTopicWhichGoesWithTheStream() throws Exception {
    String name = "dead-letters";
    String topic = "persistent://public/default/" + name;
    apply(
        name,
        """
        topic: {deletionPolicy: Delete}
        producer: {enabled: false}
        consumer:
          subscriptionType: Shared
          redelivery: {delay: 100ms, maxDelay: 200ms}
          deadLetter: {maxRedeliveries: 2}""");
    awaitReady(name);
    assertThat(admin.v1().events().inNamespace(NAMESPACE).list().getItems())
        .anySatisfy(
            event -> {
              assertThat(event.getInvolvedObject().getName()).isEqualTo(name);
              assertThat(event.getReason()).isEqualTo("DeadLetterTopicCreated");
              assertThat(event.getMessage())
                  .isEqualTo(
                      "created dead-letter topic "
                          + topic
                          + "-DLQ with subscription "
                          + name
                          + "-sub");
            });

    // A purchase without a user: the workload refuses it each time it comes.
    try (PulsarClient client = PulsarClient.builder().serviceUrl(pulsar.serviceUrl()).build();
        Producer<String> producer = client.newProducer(Schema.STRING).topic(topic).create()) {
      producer.send("pen");
    }

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var stats = pulsar.admin().topics().getStats(topic + "-DLQ");
              assertThat(stats.getSubscriptions().get(name + "-sub").getMsgBacklog())
                  .as("dead letters kept for whoever reads them")
                  .isOne();
              assertThat(
                      pulsar
                          .admin()
                          .topics()
                          .getStats(topic)
                          .getSubscriptions()
                          .get(name + "-sub")
                          .getMsgBacklog())
                  .as("the stream's own subscription no longer held back")
                  .isZero();
            });

    delete(name);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(pulsar.admin().topics().getList("public/default"))
                    .doesNotContain(topic, topic + "-DLQ"));
  }

  @Test
  void aStreamDeletedWhileTheOperatorIsDownIsCleanedUpWhenItComesBack() {
    String name = "deleted-while-down";
    apply(name, "topic: {deletionPolicy: Delete}");
    awaitReady(name);
    assertThat(podUids(name)).isNotEmpty();

    operator.stop();
    try {
      ok(cluster.kubectl("delete", "pstream", name, "-n", NAMESPACE, "--wait=false"));
      // Its finalizer keeps it, and its workload runs, until an operator cleans up.
      assertThat(stream(name).getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(deployment(name)).isNotNull();
    } finally {
      startOperator();
    }

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(stream(name)).isNull();
              assertThat(configMaps(name)).isEmpty();
              assertThat(deployment(name)).isNull();
              assertThat(podUids(name)).isEmpty();
              assertThat(pulsar.admin().topics().getList("public/default"))
                  .doesNotContain("persistent://public/default/" + name);
            });
  }

  @Test
  void aQuotaThatRefusesTheDeploymentShowsOnWorkloadReadyWithTheApiServersReason() {
    String namespace = "limited";
    String name = "refused";
    Clusters.createNamespace(cluster, namespace);
    ok(
        cluster
            .kubectl()
            .apply(
                """
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: no-deployments, namespace: limited}
                spec: {hard: {count/deployments.apps: "0"}}
                """));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                admin
                        .resourceQuotas()
                        .inNamespace(namespace)
                        .withName("no-deployments")
                        .get()
                        .getStatus()
                    != null);
    ok(cluster.kubectl().apply(Clusters.stream(namespace, name, "replicas: 0")));
    try {
      await()
          .atMost(TIMEOUT)
          .ignoreExceptions() // no status or condition yet
          .untilAsserted(
              () -> {
                PurchaseStream stream = stream(namespace, name);
                Condition workload = stream.condition("WorkloadReady").orElseThrow();
                assertThat(workload.getStatus()).isEqualTo("False");
                assertThat(workload.getReason()).isEqualTo("Forbidden");
                assertThat(workload.getMessage()).contains("exceeded quota: no-deployments");
                assertThat(stream.condition("TopicReady").orElseThrow().getStatus())
                    .isEqualTo("True");
              });

      ok(cluster.kubectl("delete", "resourcequota", "no-deployments", "-n", namespace));
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  stream(namespace, name)
                      .condition("Ready")
                      .map(ready -> ready.getStatus().equals("True"))
                      .orElse(false));
    } finally {
      ok(cluster.kubectl("delete", "pstream", name, "-n", namespace, "--timeout=60s"));
    }
  }

  @Test
  void aPulsarThatHangsIsReportedInBoundedTimeWhileStreamsOnAnotherKeepTheirPaceAndAllRecovers() {
    URI admin = URI.create(pulsar.adminUrl());
    try (TcpProxy proxy = TcpProxy.start(admin.getHost(), admin.getPort())) {
      proxy.hang(true);
      ok(
          cluster
              .kubectl()
              .apply(
                  Clusters.connection(
                      OPERATOR_NAMESPACE,
                      "hanging-pulsar",
                      """
                      adminUrl: http://127.0.0.1:%d
                      serviceUrl: %s
                      tenancy: [{namespaces: [%s], pulsarNamespaces: [public/default]}]
                      """
                          .formatted(proxy.port(), pulsar.serviceUrl(), NAMESPACE))));
      // More streams behind it than the operator has reconcile threads (16).
      List<String> stuck = IntStream.range(0, 20).mapToObj(i -> "behind-a-hang-" + i).toList();
      Instant applied = Instant.now();
      for (String name : stuck) {
        apply(name, "pulsar: {connection: hanging-pulsar}\nreplicas: 0");
      }
      awaitReason(stuck.get(0), "PulsarNotResponding");
      Duration toldAfter = Duration.between(applied, Instant.now());

      String healthy = "beside-a-hang";
      Instant healthyApplied = Instant.now();
      apply(healthy, "replicas: 0");
      awaitReady(healthy);
      Duration healthyReadyAfter = Duration.between(healthyApplied, Instant.now());
      for (String name : stuck) {
        awaitReason(name, "PulsarNotResponding");
      }
      Duration allToldAfter = Duration.between(applied, Instant.now());
      System.out.printf(
          "hanging Pulsar: the first of %d streams said PulsarNotResponding after %d ms, all after"
              + " %d ms; a stream on the healthy Pulsar Ready after %d ms meanwhile%n",
          stuck.size(),
          toldAfter.toMillis(),
          allToldAfter.toMillis(),
          healthyReadyAfter.toMillis());
      // The admin client's timeouts bound each call (15 s): the operator gives up and says so;
      // one call at a time waits on the silent cluster, the other threads serve the others.
      assertThat(toldAfter).isLessThan(Duration.ofSeconds(60));
      assertThat(healthyReadyAfter).isLessThan(Duration.ofSeconds(15));

      proxy.hang(false);
      for (String name : stuck) {
        awaitReady(name);
      }
      List<String> all = new ArrayList<>(stuck);
      all.add(healthy);
      delete(all);
    } finally {
      ok(cluster.kubectl("delete", "pconn", "hanging-pulsar", "-n", OPERATOR_NAMESPACE));
    }
  }

  @Test
  void editsToTheObjectsTheOperatorOwnsAreTakenBackOnceAndNothingLoops() {
    String name = "tampered";
    apply(name, "replicas: 0");
    awaitReady(name);
    ConfigMap config = configMaps(name).get(0);
    String configName = config.getMetadata().getName();
    Map<String, String> data = config.getData();

    ok(
        cluster.kubectl(
            "patch",
            "configmap",
            configName,
            "-n",
            NAMESPACE,
            "--type=merge",
            "-p",
            "{\"data\":{\"" + data.keySet().iterator().next() + "\":\"tampered=1\"}}"));
    ok(cluster.kubectl("scale", "deployment", name, "--replicas=3", "-n", NAMESPACE));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(
                      admin
                          .configMaps()
                          .inNamespace(NAMESPACE)
                          .withName(configName)
                          .get()
                          .getData())
                  .isEqualTo(data);
              assertThat(deployment(name).getSpec().getReplicas()).isZero();
            });
    // Taken back: then as at rest, no write in three resyncs.
    reconciliations.from(NAMESPACE, name).awaitFinished(1, TIMEOUT);
    CountingMetrics.Window resyncs = reconciliations.from(NAMESPACE, name);
    Instant end = resyncs.awaitFinished(3, TIMEOUT);
    assertThat(operatorWrites(name, resyncs.start(), end))
        .as("operator writes during 3 resyncs after taking its objects back")
        .isEmpty();
    delete(name);
  }

  /**
   * From its start through a stream's whole lifecycle, an operator uses every rule of the chart's
   * ClusterRole, and nothing else: its informers list and watch, the stream waits for its token
   * Secret (the Secret and the pods read, an Event written), runs, is scaled and changed, and is
   * deleted with its topic (the operator deletes the Deployment first).
   */
  @Test
  void overAStreamsLifecycleTheOperatorUsesEveryRuleOfTheChart() {
    String name = "audited";
    // A new operator, so that its informers' lists and watches fall in this test's window.
    operator.stop();
    Instant from = Instant.now();
    startOperator();

    // The operator's credentials for a connection come from a Secret of its namespace.
    ok(
        cluster.kubectl(
            "create",
            "secret",
            "generic",
            "audited-admin-token",
            "--from-literal=token=not-checked-by-this-broker",
            "-n",
            OPERATOR_NAMESPACE));
    ok(
        cluster
            .kubectl()
            .apply(
                """
                apiVersion: streams.letspulsar.io/v1alpha1
                kind: PulsarConnection
                metadata: {name: audited-pulsar, namespace: %s}
                spec:
                  adminUrl: %s
                  serviceUrl: %s
                  authentication:
                    tokenSecretRef: {name: audited-admin-token, key: token}
                  tenancy: [{namespaces: [%s], pulsarNamespaces: [public/default]}]
                """
                    .formatted(
                        OPERATOR_NAMESPACE, pulsar.adminUrl(), pulsar.serviceUrl(), NAMESPACE)));
    apply(
        name,
        "pulsar: {connection: audited-pulsar, authentication: {tokenSecretRef: {name: "
            + name
            + "-token, key: token}}}\n"
            + "consumer: {subscriptionType: Key_Shared}\n"
            + "topic: {deletionPolicy: Delete}");
    awaitReason(name, "SecretNotFound");
    createTokenSecret(name + "-token");
    awaitReady(name);
    ok(cluster.kubectl("scale", "pstream/" + name, "--replicas=2", "-n", NAMESPACE));
    patchInterval(name, "300ms");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(configMaps(name))
                  .anySatisfy(map -> assertThat(map.getData().toString()).contains("300ms"));
              assertThat(deployment(name).getSpec().getReplicas()).isEqualTo(2);
            });
    delete(name);
    Instant to = Instant.now();
    ok(cluster.kubectl("delete", "secret", name + "-token", "-n", NAMESPACE));
    ok(cluster.kubectl("delete", "pconn", "audited-pulsar", "-n", OPERATOR_NAMESPACE));
    ok(cluster.kubectl("delete", "secret", "audited-admin-token", "-n", OPERATOR_NAMESPACE));

    Set<String> used =
        cluster.requests().stream()
            .filter(r -> r.user().equals(chartOperator.user()) && !r.resource().isEmpty())
            .filter(r -> !r.time().isBefore(from) && !r.time().isAfter(to))
            .map(r -> permission(r.group(), r.resource(), r.verb()))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> granted = new TreeSet<>();
    for (PolicyRule rule : chartOperator.rules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(permission(group, resource, verb));
          }
        }
      }
    }
    Set<String> unused = new TreeSet<>(granted);
    unused.removeAll(used);
    Set<String> denied = new TreeSet<>(used);
    denied.removeAll(granted);
    System.out.println("chart ClusterRole rules the operator used: " + used);
    System.out.println("chart ClusterRole rules the operator never used: " + unused);

    assertThat(denied).as("requests outside the chart's rules").isEmpty();
    // JOSDK reads a PurchaseStream again only when a finalizer patch conflicts: rare, needed.
    assertThat(unused)
        .as("rules the operator never used")
        .isSubsetOf("streams.letspulsar.io purchasestreams get");
  }

  /** The operator's writes to a stream and its objects between two instants, from the audit log. */
  private static List<AuditedRequest> operatorWrites(String name, Instant from, Instant to) {
    return cluster.writes().stream()
        .filter(w -> w.user().equals(chartOperator.user()))
        .filter(w -> !w.time().isBefore(from) && !w.time().isAfter(to))
        .filter(w -> w.name().equals(name) || w.name().startsWith(name + "-"))
        .toList();
  }

  /** The names of the ConfigMaps a Deployment's pods mount. */
  private static List<String> mountedConfigMaps(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
        .map(Volume::getConfigMap)
        .filter(Objects::nonNull)
        .map(ConfigMapVolumeSource::getName)
        .toList();
  }

  private static String permission(String group, String resource, String verb) {
    return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
  }

  private static void apply(String name, String spec) {
    ok(cluster.kubectl().apply(Clusters.stream(NAMESPACE, name, spec)));
  }

  private static PurchaseStream stream(String name) {
    return stream(NAMESPACE, name);
  }

  private static PurchaseStream stream(String namespace, String name) {
    return admin.resources(PurchaseStream.class).inNamespace(namespace).withName(name).get();
  }

  private static String condition(String name) {
    return ready(name).map(Condition::getStatus).orElse(null);
  }

  private static Optional<Condition> ready(String name) {
    return Optional.ofNullable(stream(name)).flatMap(stream -> stream.condition("Ready"));
  }

  private static void awaitReady(String name) {
    await().atMost(TIMEOUT).until(() -> "True".equals(condition(name)));
  }

  private static void awaitReason(String name, String reason) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(ready(name))
                    .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo(reason)));
  }

  private static void createTokenSecret(String secret) {
    ok(
        cluster.kubectl(
            "create", "secret", "generic", secret, "--from-literal=token=t0k3n", "-n", NAMESPACE));
  }

  private static void patchInterval(String name, String interval) {
    ok(
        cluster.kubectl(
            "patch",
            "pstream",
            name,
            "-n",
            NAMESPACE,
            "--type=merge",
            "-p",
            "{\"spec\":{\"producer\":{\"interval\":\"" + interval + "\"}}}"));
  }

  private static Deployment deployment(String name) {
    return admin.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  private static List<ConfigMap> configMaps(String name) {
    return admin
        .configMaps()
        .inNamespace(NAMESPACE)
        .withLabel("app.kubernetes.io/instance", name)
        .list()
        .getItems();
  }

  private static List<Pod> pods(String name) {
    return admin
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel("app.kubernetes.io/instance", name)
        .list()
        .getItems()
        .stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static Set<String> podUids(String name) {
    return pods(name).stream()
        .map(Pod::getMetadata)
        .map(meta -> meta.getUid())
        .collect(Collectors.toSet());
  }

  /** What a pod's containers serve on /metrics, through the ports the kubelet gave them. */
  private static String scrape(Pod pod) throws Exception {
    StringBuilder served = new StringBuilder();
    for (var container : pod.getSpec().getContainers()) {
      for (var port : container.getPorts()) {
        int hostPort =
            kubelet
                .hostPort(NAMESPACE, pod.getMetadata().getName(), port.getContainerPort())
                .orElseThrow();
        served.append(
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
      }
    }
    return served.toString();
  }

  /** The names of the metrics in Prometheus' text format. */
  private static Set<String> metricNames(String scrape) {
    return scrape
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Deletes the stream with kubectl; the garbage collector takes its objects and pods. */
  private static void delete(String name) {
    delete(List.of(name));
  }

  /** Deletes these streams with one kubectl command, and waits until their objects are gone. */
  private static void delete(List<String> names) {
    List<String> command = new ArrayList<>(List.of("delete", "pstream"));
    command.addAll(names);
    command.addAll(List.of("-n", NAMESPACE, "--timeout=60s"));
    ok(cluster.kubectl(command.toArray(String[]::new)));
    for (String name : names) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(configMaps(name)).isEmpty();
                assertThat(deployment(name)).isNull();
                assertThat(podUids(name)).isEmpty();
              });
    }
  }
}
