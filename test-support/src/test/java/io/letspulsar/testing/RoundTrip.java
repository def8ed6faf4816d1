package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;

/** A message sent and received through a real broker. */
final class RoundTrip {
  private RoundTrip() {}

  /** A new topic in public/default, created by {@code admin}. */
  static String newTopic(PulsarAdmin admin, String name) throws PulsarAdminException {
    String topic = "persistent://public/default/" + name + "-" + UUID.randomUUID();
    admin.topics().createNonPartitionedTopic(topic);
    return topic;
  }

  /** Subscribes, sends one message and receives and acknowledges it. */
  static void sendAndReceive(PulsarClient client, String topic) throws PulsarClientException {
    String value = "hello " + UUID.randomUUID();
    try (Consumer<String> consumer =
            client.newConsumer(Schema.STRING).topic(topic).subscriptionName("test").subscribe();
        Producer<String> producer = client.newProducer(Schema.STRING).topic(topic).create()) {
      producer.send(value);
      Message<String> received = consumer.receive(10, TimeUnit.SECONDS);
      assertThat(received).isNotNull();
      assertThat(received.getValue()).isEqualTo(value);
      consumer.acknowledge(received);
    }
  }
}
