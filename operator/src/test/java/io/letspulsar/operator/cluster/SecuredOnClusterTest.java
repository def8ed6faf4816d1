package io.letspulsar.operator.cluster;

import static io.letspulsar.operator.cluster.Clusters.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.letspulsar.operator.api.HasConditions;
import io.letspulsar.operator.api.PulsarConnection;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.model.Tenancy;
import io.letspulsar.operator.pulsar.AdminPulsarTopics;
import io.letspulsar.operator.pulsar.PulsarConnections;
import io.letspulsar.testing.ControlPlaneExtension;
import io.letspulsar.testing.LocalControlPlane;
import io.letspulsar.testing.LocalKubelet;
import io.letspulsar.testing.PulsarExtension;
import io.letspulsar.testing.SecuredExamples;
import io.letspulsar.testing.SecuredPulsar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator on a real API server against a secured, shared Pulsar (TLS only, authentication and
 * authorization on): the examples of {@code examples/secured/} — one per way of authenticating,
 * filled in with this broker's credentials — reach Ready with purchases flowing; refusals show
 * their reason and recover once fixed; a stream never touches another stream's topic; and no secret
 * ever shows up where it does not belong.
 */
@ExtendWith({ControlPlaneExtension.class, PulsarExtension.class})
class SecuredOnClusterTest {
  private static final String OPERATOR_NAMESPACE = "secured-operators";
  private static final String SHOP = "secured-shop";
  private static final String OTHER = "secured-other";
  private static final String IMAGE = "ghcr.io/letspulsar/purchasestream-workload:test";
  private static final Duration STATS_PERIOD = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path scratch;
  @TempDir static Path ownCredentials;

  private static LocalControlPlane cluster;
  private static SecuredPulsar pulsar;
  private static SecuredExamples examples;
  private static KubernetesClient admin;
  private static ChartOperator chartOperator;
  private static Operator operator;
  private static PulsarConnections connections;
  private static LocalKubelet kubelet;
  private static CapturedLogs logs;
  private static final List<String> output = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start(LocalControlPlane controlPlane, SecuredPulsar broker) throws Exception {
    cluster = controlPlane;
    pulsar = broker;
    examples = SecuredExamples.of(pulsar);
    admin = cluster.client();
    logs = CapturedLogs.capture();
    Clusters.installCrds(cluster);
    Clusters.createNamespace(cluster, SHOP);
    Clusters.createNamespace(cluster, OTHER);
    chartOperator = ChartOperator.install(cluster, OPERATOR_NAMESPACE);
    kubelet =
        LocalKubelet.start(
            admin, IMAGE, Path.of(System.getProperty("workload.image.tar")), output::add);
    connections =
        new PulsarConnections(
            AdminPulsarTopics::connect, 8, Duration.ofMinutes(1), Clock.systemUTC());
    // The operator's own Pulsar: its token and the CA as files, as the chart mounts them.
    Files.writeString(ownCredentials.resolve("token"), pulsar.token(SecuredPulsar.SUPER_USER));
    PulsarCluster own =
        new PulsarCluster(
            PulsarCluster.DEFAULT,
            PulsarCluster.DEFAULT,
            pulsar.adminUrlTls(),
            pulsar.serviceUrlTls(),
            new PulsarCluster.Token(ownCredentials.resolve("token")),
            Optional.of(pulsar.caCertFile()),
            true,
            Tenancy.parse(SHOP + "," + OTHER + "=public/*"));
    operator =
        chartOperator.start(
            new OperatorConfig(own, IMAGE, STATS_PERIOD, STATS_PERIOD, false),
            connections,
            scratch,
            chartOperator.counting());
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
    if (logs != null) {
      logs.close();
    }
  }

  /** An example of examples/secured/, filled in and moved to this test's namespaces. */
  private static String example(String file) {
    return examples
        .render(Path.of("../examples/secured", file))
        .replace("namespace: purchasestream", "namespace: " + OPERATOR_NAMESPACE)
        .replace("namespace: shop", "namespace: " + SHOP)
        .replace("namespaces: [shop]", "namespaces: [" + SHOP + "]");
  }

  @Test
  void everyWayOfAuthenticatingReachesReadyWithPurchasesAndNoSecretGoesAstray() throws Exception {
    List<String> streams = List.of("orders-token", "orders-oauth2", "orders-mtls");
    for (String file : List.of("token.yaml", "oauth2.yaml", "mtls.yaml")) {
      ok(cluster.kubectl().apply(example(file)));
    }

    for (String name : streams) {
      awaitReady(SHOP, name);
      String topic = "persistent://public/default/" + name;
      assertThat(pulsar.admin().topics().getPermissions(topic))
          .as("the role's grant on %s", topic)
          .containsKey("orders-app");
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(output)
                      .anyMatch(
                          line -> line.startsWith(SHOP + "/" + name) && line.contains("consumed")));
    }
    for (String connection : List.of("shared-pulsar", "managed-pulsar", "mtls-pulsar")) {
      assertThat(connection(connection).getStatus().brokerVersion).startsWith("4.0");
      assertThat(connection(connection).getStatus().authentication).isNotEqualTo("none");
    }

    assertNoSecretAnywhere();
    for (String name : streams) {
      ok(cluster.kubectl("delete", "pstream", name, "-n", SHOP, "--timeout=60s"));
      assertThat(pulsar.admin().topics().getList("public/default"))
          .as("deletionPolicy Delete")
          .doesNotContain("persistent://public/default/" + name);
    }
  }

  @Test
  void aWrongTokenARoleWithoutPermissionAndAnUnknownCaShowTheirReasonAndRecoverOnceFixed() {
    String ca = SecuredExamples.yamlScalar(read(pulsar.caCertFile()));
    String untrustedCa = SecuredExamples.yamlScalar(read(pulsar.untrustedCaCertFile()));
    String good = pulsar.token(SecuredPulsar.SUPER_USER);
    record Refusal(String connection, String token, String ca, String reason) {}
    List<Refusal> refusals =
        List.of(
            new Refusal(
                "expired-token",
                pulsar.expiredToken(SecuredPulsar.SUPER_USER),
                ca,
                "PulsarUnauthenticated"),
            new Refusal("no-permission", pulsar.token("nobody"), ca, "PulsarForbidden"),
            new Refusal("unknown-ca", good, untrustedCa, "PulsarTlsFailed"));
    for (Refusal refusal : refusals) {
      ok(cluster.kubectl().apply(connection(refusal.connection(), refusal.token(), refusal.ca())));
      ok(
          cluster
              .kubectl()
              .apply(
                  Clusters.stream(
                      SHOP,
                      "refused-" + refusal.connection(),
                      "pulsar: {connection: " + refusal.connection() + "}\nreplicas: 0")));
    }

    for (Refusal refusal : refusals) {
      awaitCondition(
          () -> connection(refusal.connection()).getStatus(), "Ready", refusal.reason(), "");
      awaitCondition(
          () -> stream(SHOP, "refused-" + refusal.connection()).getStatus(),
          "TopicReady",
          refusal.reason(),
          "");
    }

    for (Refusal refusal : refusals) {
      ok(cluster.kubectl().apply(connection(refusal.connection(), good, ca)));
    }
    for (Refusal refusal : refusals) {
      awaitReady(SHOP, "refused-" + refusal.connection());
      ok(cluster.kubectl("delete", "pstream", "refused-" + refusal.connection(), "-n", SHOP));
    }
  }

  @Test
  void aStreamNamingAnotherStreamsTopicIsRefusedAndItsDeletionLeavesTheTopicAlone()
      throws Exception {
    String topic = "persistent://public/default/shared-name";
    workloadSecret(SHOP, "first-app", "first-app");
    ok(
        cluster
            .kubectl()
            .apply(
                Clusters.stream(
                    SHOP,
                    "first",
                    securedWorkload("first-app", "first-app")
                        + "topic: {name: shared-name}\nproducer: {interval: 200ms}")));
    awaitReady(SHOP, "first");
    await()
        .atMost(TIMEOUT)
        .until(() -> pulsar.admin().topics().getStats(topic).getMsgInCounter() > 0);

    ok(
        cluster
            .kubectl()
            .apply(
                Clusters.stream(
                    OTHER, "second", "topic: {name: shared-name, deletionPolicy: Delete}")));

    awaitCondition(
        () -> stream(OTHER, "second").getStatus(),
        "Ready",
        "TopicOwnedByAnotherStream",
        "PurchaseStream " + SHOP + "/first");
    assertThat(admin.apps().deployments().inNamespace(OTHER).withName("second").get())
        .as("no workload producing into another stream's topic")
        .isNull();
    long consumedBefore =
        pulsar
            .admin()
            .topics()
            .getStats(topic)
            .getSubscriptions()
            .get("first-sub")
            .getMsgOutCounter();

    ok(cluster.kubectl("delete", "pstream", "second", "-n", OTHER, "--timeout=60s"));

    assertThat(pulsar.admin().topics().getList("public/default")).contains(topic);
    assertThat(pulsar.admin().topics().getStats(topic).getSubscriptions()).containsKey("first-sub");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                pulsar
                        .admin()
                        .topics()
                        .getStats(topic)
                        .getSubscriptions()
                        .get("first-sub")
                        .getMsgOutCounter()
                    > consumedBefore);
    assertThat(stream(SHOP, "first").condition("Ready").map(Condition::getStatus)).contains("True");
    ok(cluster.kubectl("delete", "pstream", "first", "-n", SHOP, "--timeout=60s"));
  }

  @Test
  void aPulsarNamespaceTheTenancyDoesNotAllowIsRefused() {
    ok(
        cluster
            .kubectl()
            .apply(Clusters.stream(OTHER, "elsewhere", "topic: {tenant: retail, namespace: eu}")));

    awaitCondition(
        () -> stream(OTHER, "elsewhere").getStatus(),
        "Ready",
        "PulsarNamespaceNotAllowed",
        "namespace " + OTHER + " use Pulsar namespace retail/eu");
    ok(cluster.kubectl("delete", "pstream", "elsewhere", "-n", OTHER, "--timeout=60s"));
  }

  /** A PulsarConnection of the operator's namespace with its token and CA Secrets. */
  private static String connection(String name, String token, String ca) {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: %1$s, namespace: %2$s}
        stringData:
          token: "%3$s"
          ca.crt: %4$s
        ---
        apiVersion: streams.letspulsar.io/v1alpha1
        kind: PulsarConnection
        metadata: {name: %1$s, namespace: %2$s}
        spec:
          adminUrl: %5$s
          serviceUrl: %6$s
          authentication: {tokenSecretRef: {name: %1$s, key: token}}
          tls: {trustCertsSecretRef: {name: %1$s, key: ca.crt}}
          tenancy: [{namespaces: [%7$s], pulsarNamespaces: [public/default]}]
        """
        .formatted(
            name,
            OPERATOR_NAMESPACE,
            token,
            ca,
            pulsar.adminUrlTls(),
            pulsar.serviceUrlTls(),
            SHOP);
  }

  /**
   * Every secret of this broker — tokens, OAuth2 client secrets, private keys — is looked for in
   * the ConfigMaps, the pods' specs (env included), the events, the streams' and connections'
   * statuses, the operator's log (exceptions included) and the pods' output: it must be nowhere.
   */
  private static void assertNoSecretAnywhere() throws Exception {
    List<String> secrets = new ArrayList<>();
    for (String role : List.of(SecuredPulsar.SUPER_USER, "orders-app", "purchases-app")) {
      secrets.add(pulsar.token(role));
      secrets.add(pulsar.oauth2().register(role));
      List<String> key = Files.readAllLines(pulsar.clientCert(role).keyFile());
      secrets.add(key.get(key.size() / 2));
    }
    List<String> places = new ArrayList<>();
    for (String namespace : List.of(SHOP, OPERATOR_NAMESPACE)) {
      places.add(yaml(admin.configMaps().inNamespace(namespace).list()));
      places.add(yaml(admin.pods().inNamespace(namespace).list()));
      places.add(yaml(admin.apps().deployments().inNamespace(namespace).list()));
      places.add(yaml(admin.v1().events().inNamespace(namespace).list()));
    }
    places.add(yaml(admin.resources(PurchaseStream.class).inAnyNamespace().list()));
    places.add(
        yaml(
            admin.resources(PulsarConnection.class).inAnyNamespace().list().getItems().stream()
                .map(PulsarConnection::getStatus)
                .toList()));
    places.addAll(logs.lines());
    places.addAll(output);
    for (String secret : secrets) {
      List<String> holding =
          places.stream()
              .filter(place -> place.contains(secret))
              .map(place -> around(place, secret))
              .toList();
      assertThat(holding).as("places holding a secret").isEmpty();
    }
  }

  /** Where in a place a secret stands, without the secret. */
  private static String around(String place, String secret) {
    int at = place.indexOf(secret);
    return place.substring(Math.max(0, at - 300), at)
        + "<secret>"
        + place.substring(
            at + secret.length(), Math.min(place.length(), at + secret.length() + 100));
  }

  private static String yaml(Object object) {
    return admin.getKubernetesSerialization().asYaml(object);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Secrets a workload authenticates with: a token of its role, and the broker's CA. */
  private static void workloadSecret(String namespace, String name, String role) {
    ok(
        cluster
            .kubectl()
            .apply(
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: %s}
                stringData:
                  token: "%s"
                  ca.crt: %s
                """
                    .formatted(
                        name,
                        namespace,
                        pulsar.token(role),
                        SecuredExamples.yamlScalar(read(pulsar.caCertFile())))));
  }

  /** A stream spec for a workload with its role, authenticated by {@link #workloadSecret}. */
  private static String securedWorkload(String secret, String role) {
    return "pulsar: {role: "
        + role
        + ", authentication: {tokenSecretRef: {name: "
        + secret
        + ", key: token}}, tls: {trustCertsSecretRef: {name: "
        + secret
        + ", key: ca.crt}}}\n";
  }

  private static PurchaseStream stream(String namespace, String name) {
    return admin.resources(PurchaseStream.class).inNamespace(namespace).withName(name).get();
  }

  private static PulsarConnection connection(String name) {
    return admin
        .resources(PulsarConnection.class)
        .inNamespace(OPERATOR_NAMESPACE)
        .withName(name)
        .get();
  }

  /** Waits until a status's condition has this reason and its message says this. */
  private static void awaitCondition(
      Supplier<HasConditions> status, String type, String reason, String message) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(Optional.ofNullable(status.get()).flatMap(s -> s.condition(type)))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getReason()).isEqualTo(reason);
                          assertThat(c.getMessage()).contains(message);
                        }));
  }

  private static void awaitReady(String namespace, String name) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        Optional.ofNullable(stream(namespace, name))
                            .flatMap(s -> s.condition("Ready")))
                    .as("%s/%s", namespace, name)
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
  }
}
