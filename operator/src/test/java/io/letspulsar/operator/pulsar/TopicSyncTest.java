package io.letspulsar.operator.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.letspulsar.operator.Streams;
import io.letspulsar.operator.api.TopicSpec;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.model.TopicPlan;
import io.letspulsar.operator.pulsar.TopicSync.Change;
import io.letspulsar.operator.status.StreamRefusal;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.PulsarExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.common.policies.data.RetentionPolicies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Topic management against a real Pulsar broker. */
@ExtendWith(PulsarExtension.class)
class TopicSyncTest {
  private static final Predicate<Ownership> NOBODY_ELSE_ALIVE = owner -> false;

  private MeteredPulsarTopics topics;
  private String name;

  @BeforeEach
  void connect(EmbeddedPulsar pulsar) throws PulsarException {
    topics =
        new MeteredPulsarTopics(
            AdminPulsarTopics.connect(
                PulsarCluster.unsecured(pulsar.adminUrl(), pulsar.serviceUrl())),
            new SimpleMeterRegistry());
    name = "sync-" + UUID.randomUUID();
  }

  private String topic() {
    return "persistent://public/default/" + name;
  }

  /** A stream of this test's topic; {@code uid} tells one stream from another. */
  private StreamModel stream(String uid, String topicSpec) {
    return Streams.model(
        """
        apiVersion: streams.letspulsar.io/v1alpha1
        kind: PurchaseStream
        metadata: {name: %s, namespace: shop, uid: %s}
        spec:
          topic: %s
        """
            .formatted(name, uid, topicSpec));
  }

  private StreamModel stream(String topicSpec) {
    return stream("u-1", topicSpec);
  }

  @Test
  void aMissingTopicIsCreatedWithItsPartitionsAndItsOwner(EmbeddedPulsar pulsar) throws Exception {
    TopicSync.Result result = TopicSync.sync(topics, stream("{partitions: 3}"), NOBODY_ELSE_ALIVE);

    assertThat(result.changes()).containsExactly(Change.CREATED);
    assertThat(pulsar.admin().topics().getPartitionedTopicMetadata(topic()).partitions)
        .isEqualTo(3);
    assertThat(pulsar.admin().topics().getProperties(topic()))
        .containsEntry(Ownership.OWNER, "shop/" + name)
        .containsEntry(Ownership.OWNER_UID, "u-1");
  }

  @Test
  void aTopicNoStreamMadeIsRefusedUntouchedUnlessTheStreamAdoptsIt(EmbeddedPulsar pulsar)
      throws Exception {
    pulsar.admin().topics().createNonPartitionedTopic(topic());

    assertThatThrownBy(() -> TopicSync.sync(topics, stream("{}"), NOBODY_ELSE_ALIVE))
        .isInstanceOfSatisfying(
            StreamRefusal.class,
            refusal -> {
              assertThat(refusal.failure().problem().reason()).isEqualTo("TopicNotOwned");
              assertThat(refusal.failure().problem().message())
                  .contains("no PurchaseStream made it")
                  .contains("spec.topic.adoptExisting");
            });
    assertThat(topics.writes()).isZero();

    TopicSync.Result adopted =
        TopicSync.sync(topics, stream("{adoptExisting: true}"), NOBODY_ELSE_ALIVE);

    assertThat(adopted.changes()).containsExactly(Change.ADOPTED, Change.POLICIES_CHANGED);
    assertThat(pulsar.admin().topics().getProperties(topic()))
        .containsEntry(Ownership.OWNER_UID, "u-1");
  }

  @Test
  void anotherLivingStreamsTopicIsRefusedWithItsOwnerNamedAndNeverWritten(EmbeddedPulsar pulsar)
      throws Exception {
    TopicSync.sync(topics, stream("u-1", "{}"), NOBODY_ELSE_ALIVE);
    long writes = topics.writes();
    Predicate<Ownership> firstIsAlive = owner -> owner.uid().equals("u-1");

    for (int resync = 0; resync < 3; resync++) {
      assertThatThrownBy(
              () ->
                  TopicSync.sync(
                      topics, stream("u-2", "{adoptExisting: true, partitions: 0}"), firstIsAlive))
          .isInstanceOfSatisfying(
              StreamRefusal.class,
              refusal -> {
                assertThat(refusal.failure().problem().reason())
                    .isEqualTo("TopicOwnedByAnotherStream");
                assertThat(refusal.failure().problem().message())
                    .contains("belongs to PurchaseStream shop/" + name);
              });
    }
    assertThat(topics.writes()).as("no write to the other stream's topic").isEqualTo(writes);
    assertThat(pulsar.admin().topics().getProperties(topic()))
        .containsEntry(Ownership.OWNER_UID, "u-1");
  }

  @Test
  void aTopicWhoseOwnerIsGoneMayBeAdoptedOnlyWhenAsked(EmbeddedPulsar pulsar) throws Exception {
    TopicSync.sync(topics, stream("u-1", "{}"), NOBODY_ELSE_ALIVE);

    assertThatThrownBy(() -> TopicSync.sync(topics, stream("u-2", "{}"), NOBODY_ELSE_ALIVE))
        .hasMessageContaining("TopicNotOwned")
        .hasMessageContaining("which no longer exists");
    TopicSync.sync(topics, stream("u-2", "{adoptExisting: true}"), NOBODY_ELSE_ALIVE);

    assertThat(pulsar.admin().topics().getProperties(topic()))
        .containsEntry(Ownership.OWNER_UID, "u-2");
  }

  @Test
  void partitionsGrow(EmbeddedPulsar pulsar) throws Exception {
    TopicSync.sync(topics, stream("{partitions: 2}"), NOBODY_ELSE_ALIVE);

    TopicSync.Result result = TopicSync.sync(topics, stream("{partitions: 4}"), NOBODY_ELSE_ALIVE);

    assertThat(result.changes()).containsExactly(Change.PARTITIONS_GROWN);
    assertThat(pulsar.admin().topics().getPartitionedTopicMetadata(topic()).partitions)
        .isEqualTo(4);
  }

  @Test
  void fewerPartitionsAreRefusedAndTheTopicIsUntouched(EmbeddedPulsar pulsar) throws Exception {
    TopicSync.sync(topics, stream("{partitions: 4}"), NOBODY_ELSE_ALIVE);
    long writesBefore = topics.writes();

    TopicSync.Result result = TopicSync.sync(topics, stream("{partitions: 2}"), NOBODY_ELSE_ALIVE);

    assertThat(result.refusal())
        .hasValueSatisfying(
            refusal -> {
              assertThat(refusal.reason()).isEqualTo("PartitionsCannotShrink");
              assertThat(refusal.message()).contains("has 4 partitions").contains("Set it back");
            });
    assertThat(result.partitions()).isEqualTo(4);
    assertThat(topics.writes()).isEqualTo(writesBefore);
    assertThat(pulsar.admin().topics().getPartitionedTopicMetadata(topic()).partitions)
        .isEqualTo(4);
  }

  @Test
  void aTopicDeletedOutsideTheOperatorIsPutBack(EmbeddedPulsar pulsar) throws Exception {
    TopicSync.sync(topics, stream("{}"), NOBODY_ELSE_ALIVE);
    pulsar.admin().topics().delete(topic(), true);

    TopicSync.Result result = TopicSync.sync(topics, stream("{}"), NOBODY_ELSE_ALIVE);

    assertThat(result.changes()).containsExactly(Change.CREATED);
    assertThat(pulsar.admin().topics().getList("public/default")).contains(topic());
  }

  /**
   * Retention as Pulsar takes it: a side the stream leaves out is -1, no limit (never 0, which
   * Pulsar refuses next to a limit on the other side); what the broker reports back matches what
   * was sent, so resyncs write nothing.
   */
  @ParameterizedTest
  @CsvSource({
    "'{retention: {time: 7d, size: 1Gi}, messageTtl: 1h}', 10080, 1024",
    "'{retention: {time: 7d}, messageTtl: 1h}', 10080, -1",
    "'{retention: {size: 500Mi}, messageTtl: 1h}', -1, 500"
  })
  void retentionAndTtlPoliciesAreSetAsPulsarTakesThemAndThenLeftAlone(
      String topicSpec, int minutes, long megabytes) throws Exception {
    StreamModel stream = stream(topicSpec);

    assertThat(TopicSync.sync(topics, stream, NOBODY_ELSE_ALIVE).changes())
        .containsExactly(Change.CREATED);
    awaitPolicies(new TopicPlan.Retention(minutes, megabytes), 3600);

    long writes = topics.writes();
    for (int resync = 0; resync < 3; resync++) {
      assertThat(TopicSync.sync(topics, stream, NOBODY_ELSE_ALIVE).changes()).isEmpty();
    }
    assertThat(topics.writes()).as("admin writes after the topic matched").isEqualTo(writes);
  }

  /** Topic policies travel through a system topic: waits until the broker reports these. */
  private void awaitPolicies(TopicPlan.Retention retention, int messageTtlSeconds) {
    await()
        .untilAsserted(
            () ->
                assertThat(topics.describe(topic()))
                    .hasValueSatisfying(
                        state -> {
                          assertThat(state.retention()).contains(retention);
                          assertThat(state.messageTtlSeconds()).contains(messageTtlSeconds);
                        }));
  }

  /**
   * Why the operator never sends 0 for the side of a retention policy a stream leaves out: Pulsar
   * refuses a limit on one side with 0 on the other. -1 is its "no limit".
   */
  @Test
  void pulsarRefusesARetentionWithZeroOnOneSide(EmbeddedPulsar pulsar) throws Exception {
    pulsar.admin().topics().createNonPartitionedTopic(topic());

    for (RetentionPolicies zeroOnOneSide :
        List.of(new RetentionPolicies(60, 0), new RetentionPolicies(0, 1024))) {
      assertThatThrownBy(() -> pulsar.admin().topicPolicies().setRetention(topic(), zeroOnOneSide))
          .isInstanceOfSatisfying(
              PulsarAdminException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400))
          .hasMessageContaining("Invalid retention policy")
          .hasMessageContaining("Use the value of -1 instead of 0");
    }
  }

  @Test
  void theLargestValuesTheCrdAcceptsAreAcceptedByTheBroker(EmbeddedPulsar pulsar) throws Exception {
    StreamModel stream =
        stream(
            "{partitions: "
                + TopicSpec.MAX_PARTITIONS
                + ", retention: {time: 520w, size: 1024Ti}, messageTtl: 87360h}");

    assertThat(TopicSync.sync(topics, stream, NOBODY_ELSE_ALIVE).changes())
        .containsExactly(Change.CREATED);

    assertThat(pulsar.admin().topics().getPartitionedTopicMetadata(topic()).partitions)
        .isEqualTo(TopicSpec.MAX_PARTITIONS);
    awaitPolicies(
        new TopicPlan.Retention(TopicSpec.MAX_RETENTION_MINUTES, TopicSpec.MAX_RETENTION_MEGABYTES),
        87360 * 3600);
  }

  /** A stream of this test's topic whose consumer sends dead letters. */
  private StreamModel withDeadLetters(String topicSpec) {
    return Streams.model(
        """
        apiVersion: streams.letspulsar.io/v1alpha1
        kind: PurchaseStream
        metadata: {name: %s, namespace: shop, uid: u-1}
        spec:
          topic: %s
          consumer: {subscriptionType: Shared, deadLetter: {maxRedeliveries: 3}}
        """
            .formatted(name, topicSpec));
  }

  @Test
  void aDeadLetterTopicIsMadeWithASubscriptionToKeepItsLettersAndGoesWithTheStream(
      EmbeddedPulsar pulsar) throws Exception {
    StreamModel stream = withDeadLetters("{deletionPolicy: Delete}");
    String deadLetters = topic() + "-DLQ";

    TopicSync.Result result = TopicSync.sync(topics, stream, NOBODY_ELSE_ALIVE);

    assertThat(result.changes()).containsExactly(Change.CREATED, Change.DEAD_LETTER_TOPIC_CREATED);
    assertThat(pulsar.admin().topics().getSubscriptions(deadLetters))
        .containsExactly(name + "-sub");
    assertThat(pulsar.admin().topics().getProperties(deadLetters))
        .containsEntry(Ownership.OWNER_UID, "u-1");
    // Once Pulsar shows the policies it was sent, a look writes nothing.
    await().until(() -> TopicSync.sync(topics, stream, NOBODY_ELSE_ALIVE).changes().isEmpty());
    long writes = topics.writes();
    TopicSync.sync(topics, stream, NOBODY_ELSE_ALIVE);
    assertThat(topics.writes()).isEqualTo(writes);

    PulsarConnections connections =
        new PulsarConnections(cluster -> topics, 1, Duration.ofMinutes(1), Clock.systemUTC());
    new TopicReconciler(
            connections,
            new ClusterStats(connections, Duration.ofSeconds(30), Clock.systemUTC()),
            Duration.ofMinutes(10),
            Clock.systemUTC())
        .release(stream);

    assertThat(topics.describe(topic())).isEmpty();
    assertThat(topics.describe(deadLetters)).isEmpty();
  }

  @Test
  void aPartitionedDeadLetterTopicIsRefusedWithTheFixForDeadLetters(EmbeddedPulsar pulsar)
      throws Exception {
    pulsar.admin().topics().createPartitionedTopic(topic() + "-DLQ", 2);
    StreamModel stream = withDeadLetters("{adoptExisting: true}");

    TopicSync.Result result = TopicSync.sync(topics, stream, NOBODY_ELSE_ALIVE);

    assertThat(result.refusal())
        .hasValueSatisfying(
            refusal -> {
              assertThat(refusal.reason()).isEqualTo("DeadLetterTopicPartitioned");
              assertThat(refusal.message())
                  .contains("dead-letter topic " + topic() + "-DLQ has 2 partitions")
                  .contains("spec.consumer.deadLetter")
                  .doesNotContain("spec.topic.partitions");
            });
    assertThat(pulsar.admin().topics().getPartitionedTopicMetadata(topic() + "-DLQ").partitions)
        .isEqualTo(2);
  }

  @Test
  void deletingIsIdempotent() throws Exception {
    TopicSync.sync(topics, stream("{partitions: 2}"), NOBODY_ELSE_ALIVE);

    topics.delete(topic());
    topics.delete(topic());

    assertThat(topics.describe(topic())).isEmpty();
  }

  @Test
  void anUnreachablePulsarIsReportedAsSuch() throws Exception {
    try (PulsarTopics nowhere =
        AdminPulsarTopics.connect(
            PulsarCluster.unsecured("http://127.0.0.1:1", "pulsar://127.0.0.1:1"))) {
      assertThatThrownBy(() -> nowhere.describe(topic()))
          .isInstanceOfSatisfying(
              PulsarException.class,
              e -> assertThat(e.reason()).isEqualTo(PulsarException.Reason.UNREACHABLE))
          .hasMessageContaining("could not read topic " + topic())
          .hasMessageContaining("Pulsar is unreachable");
    }
  }
}
