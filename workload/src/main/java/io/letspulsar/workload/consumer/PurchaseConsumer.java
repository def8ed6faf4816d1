package io.letspulsar.workload.consumer;

import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.workload.config.ConsumerConfig;
import io.letspulsar.workload.runtime.LogThrottle;
import io.letspulsar.workload.runtime.PulsarClients;
import io.letspulsar.workload.runtime.Throughput;
import io.letspulsar.workload.runtime.Workload;
import io.letspulsar.workload.runtime.WorkloadMetrics;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.ConsumerBuilder;
import org.apache.pulsar.client.api.DeadLetterPolicy;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.impl.MultiplierRedeliveryBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives purchases on a durable subscription, logs each one (or, in a fast stream, a summary
 * every 10 s: see {@link LogThrottle}) and acknowledges it after the handler succeeded; a failing
 * handler negatively acknowledges, so the broker redelivers (and, when configured, moves it to a
 * dead-letter topic after N redeliveries).
 */
public final class PurchaseConsumer implements Workload {
  private static final Logger LOG = LoggerFactory.getLogger(PurchaseConsumer.class);
  private static final Logger PURCHASES = LoggerFactory.getLogger(ConfigKeys.PURCHASE_LOGGER);
  private static final int RECEIVE_POLL_MILLIS = 200;

  private final ConsumerConfig config;
  private final WorkloadMetrics metrics;
  private final PurchaseHandler handler;
  private final Throughput acknowledged = new Throughput();
  private final LogThrottle purchaseLines = LogThrottle.forLogger(PURCHASES);
  private volatile boolean running = true;
  private volatile Consumer<String> consumer;

  public PurchaseConsumer(ConsumerConfig config, WorkloadMetrics metrics, PurchaseHandler handler) {
    this.config = config;
    this.metrics = metrics;
    this.handler = handler;
  }

  @Override
  public void run() throws Exception {
    try (PulsarClient client = PulsarClients.create(config.client())) {
      consumer = subscribe(client);
      LOG.info(
          "{} consuming {} on subscription {} ({}, from {})",
          config.consumerName(),
          config.topic(),
          config.subscription(),
          config.subscriptionType(),
          config.initialPosition());
      while (running) {
        Message<String> message = consumer.receive(RECEIVE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (message != null) {
          process(message);
        }
        purchaseLines.endPeriodIfDue().ifPresent(this::logSummary);
      }
      // Acknowledgements are grouped; close sends the ones still buffered.
      consumer.close();
      purchaseLines.endPeriod().ifPresent(this::logSummary);
      LOG.info(
          "{} stopped: {} purchases acknowledged; {}",
          config.consumerName(),
          acknowledged.count(),
          acknowledged.summary() + ", " + metrics.endToEndLatencySummary());
    }
  }

  private Consumer<String> subscribe(PulsarClient client) throws PulsarClientException {
    ConsumerBuilder<String> builder =
        client
            .newConsumer(Schema.STRING)
            .topic(config.topic())
            .subscriptionName(config.subscription())
            .subscriptionType(config.subscriptionType())
            .subscriptionInitialPosition(config.initialPosition())
            .consumerName(config.consumerName())
            // Without it, a batch acknowledged in part comes back whole after a restart.
            .enableBatchIndexAcknowledgment(true)
            // A purchase that keeps failing is tried less and less often, not every second.
            .negativeAckRedeliveryBackoff(
                MultiplierRedeliveryBackoff.builder()
                    .minDelayMs(config.nackRedeliveryDelay().toMillis())
                    .maxDelayMs(config.nackRedeliveryMaxDelay().toMillis())
                    .multiplier(2)
                    .build());
    if (config.deadLetterMaxRedeliveries() > 0) {
      DeadLetterPolicy.DeadLetterPolicyBuilder policy =
          DeadLetterPolicy.builder().maxRedeliverCount(config.deadLetterMaxRedeliveries());
      config.deadLetterTopic().ifPresent(policy::deadLetterTopic);
      builder.deadLetterPolicy(policy.build());
    }
    try {
      return builder.subscribe();
    } catch (PulsarClientException.ConsumerBusyException e) {
      throw new SubscriptionBusyException(config, e);
    }
  }

  private void process(Message<String> message) throws PulsarClientException {
    metrics.consumed();
    Purchase purchase =
        new Purchase(
            message.getMessageId().toString(),
            message.getKey(),
            message.getValue(),
            message.getRedeliveryCount());
    try {
      handler.handle(purchase);
    } catch (Exception e) {
      consumer.negativeAcknowledge(message);
      metrics.nacked();
      LOG.warn(
          "{} could not process {} ({}), negatively acknowledged for redelivery: {}",
          config.consumerName(),
          purchase.messageId(),
          purchase,
          e.getMessage());
      return;
    }
    if (purchaseLines.line()) {
      PURCHASES.info(
          "{} consumed \"{}\" for {} as {}{}",
          config.consumerName(),
          purchase.item(),
          purchase.user(),
          purchase.messageId(),
          purchase.redeliveries() > 0 ? " (redelivery " + purchase.redeliveries() + ")" : "");
    }
    consumer.acknowledge(message);
    metrics.acked(message.getPublishTime());
    acknowledged.record();
  }

  private void logSummary(LogThrottle.Summary summary) {
    LOG.info(
        "{} {}; {} acknowledged in all, {}",
        config.consumerName(),
        summary.describe("consumed"),
        acknowledged.count(),
        metrics.endToEndLatencySummary());
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isReady() {
    Consumer<String> current = consumer;
    return current != null && current.isConnected();
  }

  /** The subscription is Exclusive (or Failover-free) and another consumer already holds it. */
  public static final class SubscriptionBusyException extends PulsarClientException {
    private static final long serialVersionUID = 1L;

    SubscriptionBusyException(ConsumerConfig config, ConsumerBusyException cause) {
      super(
          "subscription '"
              + config.subscription()
              + "' on "
              + config.topic()
              + " is "
              + config.subscriptionType()
              + " and another consumer already holds it; only one consumer may attach to an"
              + " Exclusive subscription. Set subscription.type to Shared, Failover or Key_Shared"
              + " to run several consumers, or stop the other one ("
              + cause.getMessage()
              + ")",
          cause);
    }
  }
}
