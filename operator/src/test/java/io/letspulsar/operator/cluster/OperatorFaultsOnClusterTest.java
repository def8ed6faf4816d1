package io.letspulsar.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.letspulsar.operator.OperatorSettings;
import io.letspulsar.operator.api.ProducerSpec;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.testing.ControlPlaneExtension;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.JavaProcess;
import io.letspulsar.testing.LocalControlPlane;
import io.letspulsar.testing.LocalControlPlane.AuditedRequest;
import io.letspulsar.testing.LocalKubelet;
import io.letspulsar.testing.PulsarExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator as its pod runs it — its own JVM, its main, the chart's settings and account — under
 * faults, on the real API server with a real Pulsar, the pods on a hollow node: killed (SIGKILL) at
 * random moments while streams are created, changed and deleted, then the API server and etcd
 * restarted under it; two replicas with leader election, the leader killed, then the next one
 * frozen past its lease and thawed. What it wrote is read from the API server's audit log, each
 * operator process told apart by its User-Agent.
 *
 * <p>{@code -Dfaults.kills=20 -Dfaults.cycles=1000} runs the kill test with 20 kills in a row and
 * 1,000 streams deleted under the last operator (the default run: one kill, 10 deleted); {@code
 * -Dfaults.quiet=PT1M} counts the writes after the API server's restart over a minute (the default
 * run: three resyncs, 6 s).
 */
@ExtendWith({ControlPlaneExtension.class, PulsarExtension.class})
class OperatorFaultsOnClusterTest {
  private static final String NAMESPACE = "churn";
  private static final String OPERATOR_NAMESPACE = "churn-operator";
  private static final int STREAMS = 50;
  private static final int KILLS = Integer.getInteger("faults.kills", 1);

  /** Streams deleted under the last operator, after the kills. */
  private static final int CYCLES = Integer.getInteger("faults.cycles", 10);

  private static final Duration STATS_PERIOD = Duration.ofSeconds(2);

  /** How long writes are counted once all converged after the API server's restart. */
  private static final Duration QUIET =
      Duration.parse(System.getProperty("faults.quiet", STATS_PERIOD.multipliedBy(3).toString()));

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  /** JOSDK's Lease: held 15 s, renewed within 10 s. */
  private static final Duration LEASE = Duration.ofSeconds(15);

  /** Operator processes launched by the class: each a name of its own in the audit log. */
  private static final AtomicInteger launched = new AtomicInteger();

  @TempDir static Path logs;

  private static LocalControlPlane cluster;
  private static EmbeddedPulsar pulsar;
  private static KubernetesClient admin;
  private static ChartOperator chart;
  private static LocalKubelet kubelet;
  private final List<JavaProcess> operators = new ArrayList<>();

  @BeforeAll
  static void start(LocalControlPlane controlPlane, EmbeddedPulsar broker) {
    cluster = controlPlane;
    pulsar = broker;
    admin = cluster.client();
    Clusters.installCrds(cluster);
    Clusters.createNamespace(cluster, NAMESPACE);
    chart = ChartOperator.install(cluster, OPERATOR_NAMESPACE, "leaderElection.enabled=true");
    kubelet = LocalKubelet.hollow(admin, NAMESPACE, System.out::println);
  }

  @AfterAll
  static void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (chart != null) {
      chart.close();
    }
  }

  /** Deletes what the test left while an operator runs, so no finalizer outlives the suite. */
  @AfterEach
  void cleanUp() {
    operators.forEach(JavaProcess::kill);
    JavaProcess operator = operator(false);
    try {
      Clusters.deleteAllStreams(admin, NAMESPACE, TIMEOUT);
    } finally {
      operator.kill();
    }
  }

  @Test
  void killedWhileStreamsChurnThenUnderARestartedApiServerEveryStreamConvergesWithNothingLeft()
      throws Exception {
    long seed = System.nanoTime();
    System.out.println("kill test: seed " + seed + ", " + KILLS + " kills");
    Random random = new Random(seed);
    Churn churn = new Churn(random);
    Thread churning = new Thread(churn, "churn");
    churning.start();
    JavaProcess operator;
    try {
      for (int kill = 1; kill <= KILLS; kill++) {
        JavaProcess killed = operator(false);
        Thread.sleep(500 + random.nextInt(3500));
        killed.kill();
        System.out.printf(
            Locale.ROOT, "kill %d of %d after %d operations%n", kill, KILLS, churn.operations());
        Thread.sleep(random.nextInt(1000));
      }
      // The last one lives through more cycles of streams made and deleted.
      operator = operator(false);
      int deleted = churn.deleted.get() + CYCLES;
      while (churn.deleted.get() < deleted) {
        Thread.sleep(100);
      }
    } finally {
      churn.stop();
      churning.join();
    }
    System.out.printf(
        Locale.ROOT,
        "churn: %d creates, %d updates, %d deletes%n",
        churn.created.get(),
        churn.updated.get(),
        churn.deleted.get());

    Instant start = Instant.now();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(OperatorFaultsOnClusterTest::everyStreamConvergedAndNothingElseIsLeft);
    System.out.printf(
        Locale.ROOT,
        "converged %d ms after the last start%n",
        Duration.between(start, Instant.now()).toMillis());

    assertThat(writesDuring(operator, STATS_PERIOD.multipliedBy(3)))
        .as("writes in three stats periods (each a resync of every stream) once converged")
        .isEmpty();
    int present =
        admin.resources(PurchaseStream.class).inNamespace(NAMESPACE).list().getItems().size();
    int tracked = trackedStreams(operator);
    System.out.printf(
        Locale.ROOT,
        "streams tracked by the operator: %d, present: %d, deleted in all: %d%n",
        tracked,
        present,
        churn.deleted.get());
    assertThat(tracked)
        .as("streams the operator keeps state for, after it saw %d deleted", CYCLES)
        .isEqualTo(present);

    // The API server and etcd restarted under the operator: its informers see what comes after
    // (a new stream, a changed one), and it writes nothing else.
    Instant restart = Instant.now();
    cluster.restartApiServerAndEtcd();
    System.out.printf(
        Locale.ROOT,
        "API server and etcd back after %d ms%n",
        Duration.between(restart, Instant.now()).toMillis());
    create("churn-after-restart");
    String changed = churn.live.get(0);
    patchInterval(changed, "7s");
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(OperatorFaultsOnClusterTest::everyStreamConvergedAndNothingElseIsLeft);
    assertThat(configMap(changed, "producer").getData().values())
        .anySatisfy(properties -> assertThat(properties).contains("producer.interval=7s"));
    assertThat(writesDuring(operator, QUIET))
        .as("writes in %s once converged after the restart", QUIET)
        .isEmpty();
  }

  @Test
  void aKilledOrPausedLeaderIsReplacedWithinTheLeaseAndNeverDoTwoWrite() throws Exception {
    JavaProcess first = operator(true);
    await().atMost(TIMEOUT).until(() -> holder().equals(name(first)));
    create("churn-before-failover");
    awaitReady("churn-before-failover");
    JavaProcess second = operator(true);
    Thread.sleep(LEASE.toMillis() / 5);
    assertThat(holder()).as("the first keeps the lease").isEqualTo(name(first));

    Instant killed = Instant.now();
    first.kill();
    create("churn-after-failover");
    awaitReady("churn-after-failover");
    Duration failover = Duration.between(killed, Instant.now());
    System.out.printf(
        Locale.ROOT,
        "failover: a stream made at the kill Ready after %d ms%n",
        failover.toMillis());

    assertThat(holder()).isEqualTo(name(second));
    // The lease runs out, the standby retries every 2 s, then reconciles: 16-21 s seen here.
    assertThat(failover).isLessThan(LEASE.plusSeconds(15));
    List<AuditedRequest> writes = streamWrites();
    assertThat(writes)
        .as("the new leader's writes, told apart by its User-Agent")
        .anyMatch(
            w -> w.userAgent().equals(name(second)) && w.name().equals("churn-after-failover"));
    assertThat(writes)
        .as("writes for streams by the replica that waited, before the leader was killed")
        .filteredOn(w -> w.userAgent().equals(name(second)) && w.time().isBefore(killed))
        .isEmpty();
    assertThat(writes)
        .as("writes by the killed leader after its kill")
        .filteredOn(w -> w.userAgent().equals(name(first)) && w.time().isAfter(killed))
        .isEmpty();

    // The leader frozen past its lease (a long pause of its node or JVM): another takes over;
    // thawed, the old leader finds its lease gone and stops without writing.
    JavaProcess third = operator(true);
    second.pause();
    await().atMost(TIMEOUT).until(() -> holder().equals(name(third)));
    create("churn-after-pause");
    awaitReady("churn-after-pause");
    Instant resumed = Instant.now();
    second.resume();
    await().atMost(Duration.ofSeconds(30)).until(() -> !second.isAlive());
    System.out.printf(
        Locale.ROOT,
        "a leader paused past its lease stopped %d ms after it was resumed%n",
        Duration.between(resumed, Instant.now()).toMillis());
    assertThat(streamWrites())
        .as("writes by the paused leader once resumed")
        .filteredOn(w -> w.userAgent().equals(name(second)) && w.time().isAfter(resumed))
        .isEmpty();
  }

  /**
   * Creates, changes and deletes streams at random, keeping about {@link #STREAMS}, until stopped.
   */
  private static final class Churn implements Runnable {
    private final Random random;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger updated = new AtomicInteger();
    private final AtomicInteger deleted = new AtomicInteger();
    private final List<String> live = new ArrayList<>();

    Churn(Random random) {
      this.random = random;
    }

    int operations() {
      return created.get() + updated.get() + deleted.get();
    }

    void stop() {
      running.set(false);
    }

    @Override
    public void run() {
      while (running.get()) {
        int dice = random.nextInt(10);
        if (live.size() < STREAMS / 2 || (live.size() < STREAMS && dice < 4)) {
          String name = String.format(Locale.ROOT, "churn-%04d", created.incrementAndGet());
          create(name);
          live.add(name);
        } else if (dice < 7) {
          String name = live.get(random.nextInt(live.size()));
          patchInterval(name, (1 + random.nextInt(9)) + "s");
          updated.incrementAndGet();
        } else {
          String name = live.remove(random.nextInt(live.size()));
          admin.resources(PurchaseStream.class).inNamespace(NAMESPACE).withName(name).delete();
          deleted.incrementAndGet();
        }
        try {
          Thread.sleep(20 + random.nextInt(80));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Every stream is Ready for its current spec with one Deployment and its two ConfigMaps and one
   * topic; no stream is left deleting, and no object or topic remains of a deleted one.
   */
  private static void everyStreamConvergedAndNothingElseIsLeft() throws Exception {
    List<PurchaseStream> streams =
        admin.resources(PurchaseStream.class).inNamespace(NAMESPACE).list().getItems();
    assertThat(streams)
        .allSatisfy(
            stream -> {
              assertThat(stream.getMetadata().getDeletionTimestamp()).as("deleting").isNull();
              assertThat(stream.getStatus()).isNotNull();
              assertThat(stream.getStatus().observedGeneration)
                  .isEqualTo(stream.getMetadata().getGeneration());
              assertThat(stream.condition("Ready"))
                  .hasValueSatisfying(ready -> assertThat(ready.getStatus()).isEqualTo("True"));
            });
    Set<String> names = names(streams);
    assertThat(names(admin.apps().deployments().inNamespace(NAMESPACE).list().getItems()))
        .isEqualTo(names);
    assertThat(admin.configMaps().inNamespace(NAMESPACE).list().getItems())
        .filteredOn(configMap -> !configMap.getMetadata().getName().equals("kube-root-ca.crt"))
        .extracting(configMap -> configMap.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(
            names.stream()
                .flatMap(name -> List.of(name + "-producer", name + "-consumer").stream())
                .toList());
    List<String> topics =
        pulsar.admin().topics().getList("public/default").stream()
            .filter(topic -> topic.startsWith("persistent://public/default/churn-"))
            .toList();
    assertThat(topics)
        .as("the topics of the streams that exist, one each")
        .containsExactlyInAnyOrderElementsOf(
            names.stream().map(name -> "persistent://public/default/" + name).toList());
  }

  private static Set<String> names(List<? extends HasMetadata> objects) {
    return objects.stream()
        .map(object -> object.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Starts an operator process; without election, waits until it is ready. */
  private JavaProcess operator(boolean election) {
    Map<String, String> settings = new HashMap<>();
    settings.put("PULSAR_ADMIN_URL", pulsar.adminUrl());
    settings.put("PULSAR_SERVICE_URL", pulsar.serviceUrl());
    settings.put(OperatorSettings.WATCH_NAMESPACES, NAMESPACE);
    settings.put(OperatorSettings.STATS_PERIOD, STATS_PERIOD.toSeconds() + "s");
    settings.put(OperatorSettings.WORKLOAD_IMAGE, "purchasestream-workload:hollow");
    settings.put(OperatorSettings.LEADER_ELECTION, Boolean.toString(election));
    JavaProcess operator = chart.launch("operator-" + launched.incrementAndGet(), settings, logs);
    operators.add(operator);
    return election ? operator : operator.awaitReady(TIMEOUT);
  }

  private static String name(JavaProcess operator) {
    return operator.log().getFileName().toString().replace(".log", "");
  }

  private static String holder() {
    var lease =
        admin
            .leases()
            .inNamespace(OPERATOR_NAMESPACE)
            .withName("purchasestream-operator-lease")
            .get();
    return lease == null ? "" : lease.getSpec().getHolderIdentity();
  }

  private static void create(String name) {
    admin
        .resource(
            Serialization.unmarshal(
                Clusters.stream(NAMESPACE, name, "topic: {deletionPolicy: Delete}"),
                PurchaseStream.class))
        .create();
  }

  private static void patchInterval(String name, String interval) {
    try {
      admin
          .resources(PurchaseStream.class)
          .inNamespace(NAMESPACE)
          .withName(name)
          .edit(
              stream -> {
                stream.getSpec().producer = new ProducerSpec();
                stream.getSpec().producer.interval = interval;
                return stream;
              });
    } catch (RuntimeException goneMeanwhile) {
      // Deleted by an earlier operation while its deletion was under way.
    }
  }

  private static void awaitReady(String name) {
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              PurchaseStream stream =
                  admin.resources(PurchaseStream.class).inNamespace(NAMESPACE).withName(name).get();
              return stream != null
                  && stream
                      .condition("Ready")
                      .filter(ready -> ready.getStatus().equals("True"))
                      .isPresent();
            });
  }

  private static ConfigMap configMap(String stream, String component) {
    return admin.configMaps().inNamespace(NAMESPACE).withName(stream + "-" + component).get();
  }

  /** The writes of the operator's account for streams, in the watched namespace. */
  private static List<AuditedRequest> streamWrites() {
    return cluster.writes().stream()
        .filter(w -> w.user().equals(chart.user()) && w.namespace().equals(NAMESPACE))
        .toList();
  }

  /** The operator's gauge of the streams it keeps state for, from its /metrics. */
  private static int trackedStreams(JavaProcess operator) throws Exception {
    return operator
        .get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith("purchasestream_tracked_streams "))
        .mapToInt(line -> (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }

  /** Waits this long, then gives the operator's writes in that window. */
  private static List<String> writesDuring(JavaProcess operator, Duration window)
      throws InterruptedException {
    Instant from = Instant.now();
    Thread.sleep(window.toMillis());
    Instant to = Instant.now();
    assertThat(operator.isAlive()).isTrue();
    return streamWrites().stream()
        .filter(w -> !w.time().isBefore(from) && !w.time().isAfter(to))
        .map(w -> w.verb() + " " + w.resource() + " " + w.name())
        .toList();
  }
}
