package io.letspulsar.workload.config;

import java.time.Duration;
import java.util.Optional;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;

/**
 * How the consumer subscribes and what it does with failures.
 *
 * @param nackRedeliveryDelay how long a failed purchase waits before its first redelivery; each
 *     next one waits twice as long as the last
 * @param nackRedeliveryMaxDelay the longest wait between redeliveries
 * @param deadLetterMaxRedeliveries after this many redeliveries a message goes to the dead-letter
 *     topic; zero means no dead-letter topic
 * @param deadLetterTopic the dead-letter topic; empty means Pulsar's default name
 */
public record ConsumerConfig(
    ClientConfig client,
    String topic,
    String subscription,
    SubscriptionType subscriptionType,
    SubscriptionInitialPosition initialPosition,
    String consumerName,
    Duration nackRedeliveryDelay,
    Duration nackRedeliveryMaxDelay,
    int deadLetterMaxRedeliveries,
    Optional<String> deadLetterTopic) {

  public static final Duration DEFAULT_NACK_REDELIVERY_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_NACK_REDELIVERY_MAX_DELAY = Duration.ofMinutes(1);
}
