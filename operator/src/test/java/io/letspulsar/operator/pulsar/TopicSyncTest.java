package io.letspulsar.operator.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.letspulsar.operator.model.TopicPlan;
import io.letspulsar.operator.pulsar.TopicSync.Change;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.PulsarExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Topic management against a real Pulsar broker. */
@ExtendWith(PulsarExtension.class)
class TopicSyncTest {
  private MeteredPulsarTopics topics;
  private String topic;

  @BeforeEach
  void connect(EmbeddedPulsar pulsar) throws PulsarException {
    topics =
        new MeteredPulsarTopics(
            AdminPulsarTopics.connect(pulsar.adminUrl()), new SimpleMeterRegistry());
    topic = "persistent://public/default/sync-" + UUID.randomUUID();
  }

  private static TopicPlan plan(String topic, int partitions) {
    return new TopicPlan(topic, partitions, Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void aMissingTopicIsCreatedWithItsPartitions(EmbeddedPulsar pulsar) throws Exception {
    TopicSync.Result result = TopicSync.sync(topics, plan(topic, 3));

    assertThat(result.changes()).containsExactly(Change.CREATED);
    assertThat(pulsar.admin().topics().getPartitionedTopicMetadata(topic).partitions).isEqualTo(3);
  }

  @Test
  void aTopicThatAlreadyExistsIsNotAnErrorNorMadeAgain(EmbeddedPulsar pulsar) throws Exception {
    pulsar.admin().topics().createNonPartitionedTopic(topic);

    topics.create(topic, 0); // as after a lost response: "already exists" counts as created
    TopicSync.Result result = TopicSync.sync(topics, plan(topic, 0));

    // Adopted as it is: only protected from Pulsar's deletion of idle topics.
    assertThat(result.changes()).containsExactly(Change.POLICIES_CHANGED);
    assertThat(result.refusal()).isEmpty();
  }

  @Test
  void partitionsGrow(EmbeddedPulsar pulsar) throws Exception {
    TopicSync.sync(topics, plan(topic, 2));

    TopicSync.Result result = TopicSync.sync(topics, plan(topic, 4));

    assertThat(result.changes()).containsExactly(Change.PARTITIONS_GROWN);
    assertThat(pulsar.admin().topics().getPartitionedTopicMetadata(topic).partitions).isEqualTo(4);
  }

  @Test
  void fewerPartitionsAreRefusedAndTheTopicIsUntouched(EmbeddedPulsar pulsar) throws Exception {
    TopicSync.sync(topics, plan(topic, 4));
    long writesBefore = topics.writes();

    TopicSync.Result result = TopicSync.sync(topics, plan(topic, 2));

    assertThat(result.refusal())
        .hasValueSatisfying(
            refusal -> {
              assertThat(refusal.reason()).isEqualTo("PartitionsCannotShrink");
              assertThat(refusal.message()).contains("has 4 partitions").contains("Set it back");
            });
    assertThat(result.partitions()).isEqualTo(4);
    assertThat(topics.writes()).isEqualTo(writesBefore);
    assertThat(pulsar.admin().topics().getPartitionedTopicMetadata(topic).partitions).isEqualTo(4);
  }

  @Test
  void aTopicDeletedOutsideTheOperatorIsPutBack(EmbeddedPulsar pulsar) throws Exception {
    TopicSync.sync(topics, plan(topic, 0));
    pulsar.admin().topics().delete(topic, true);

    TopicSync.Result result = TopicSync.sync(topics, plan(topic, 0));

    assertThat(result.changes()).containsExactly(Change.CREATED);
    assertThat(pulsar.admin().topics().getList("public/default")).contains(topic);
  }

  @Test
  void retentionAndTtlPoliciesAreSetAndThenLeftAlone(EmbeddedPulsar pulsar) throws Exception {
    TopicPlan plan =
        new TopicPlan(topic, 0, Optional.of(7 * 24 * 60), Optional.of(1024), Optional.of(3600));

    assertThat(TopicSync.sync(topics, plan).changes()).containsExactly(Change.CREATED);
    // Topic policies travel through a system topic: wait until the broker reports them.
    await()
        .untilAsserted(
            () ->
                assertThat(topics.describe(topic))
                    .hasValueSatisfying(
                        state -> {
                          assertThat(state.retentionMinutes()).contains(7 * 24 * 60);
                          assertThat(state.retentionMegabytes()).contains(1024);
                          assertThat(state.messageTtlSeconds()).contains(3600);
                        }));

    long writes = topics.writes();
    for (int resync = 0; resync < 3; resync++) {
      assertThat(TopicSync.sync(topics, plan).changes()).isEmpty();
    }
    assertThat(topics.writes()).as("admin writes after the topic matched").isEqualTo(writes);
  }

  @Test
  void deletingIsIdempotent(EmbeddedPulsar pulsar) throws Exception {
    TopicSync.sync(topics, plan(topic, 2));

    topics.delete(topic);
    topics.delete(topic);

    assertThat(topics.describe(topic)).isEmpty();
  }

  @Test
  void anUnreachablePulsarIsReportedAsSuch() throws Exception {
    try (PulsarTopics nowhere = AdminPulsarTopics.connect("http://127.0.0.1:1")) {
      assertThatThrownBy(() -> nowhere.describe(topic))
          .isInstanceOf(PulsarException.class)
          .hasMessageContaining("could not read topic " + topic)
          .hasMessageContaining("Pulsar is unreachable");
    }
  }
}
