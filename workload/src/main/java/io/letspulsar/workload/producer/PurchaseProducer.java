package io.letspulsar.workload.producer;

import io.letspulsar.contract.Batching;
import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.contract.Durations;
import io.letspulsar.workload.config.ProducerConfig;
import io.letspulsar.workload.runtime.LogThrottle;
import io.letspulsar.workload.runtime.PulsarClients;
import io.letspulsar.workload.runtime.Throughput;
import io.letspulsar.workload.runtime.Workload;
import io.letspulsar.workload.runtime.WorkloadMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends random purchases: a user as the message key, an item as the payload, one per interval or,
 * with {@code 0s}, as fast as the broker allows. It logs each acknowledged send or, in a fast
 * stream, a summary every 10 s (see {@link LogThrottle}). Failed sends are retried until the broker
 * acknowledges them; at shutdown any send still unacknowledged is reported, never dropped silently.
 */
public final class PurchaseProducer implements Workload {
  private static final Logger LOG = LoggerFactory.getLogger(PurchaseProducer.class);
  private static final Logger PURCHASES = LoggerFactory.getLogger(ConfigKeys.PURCHASE_LOGGER);
  private static final Duration SHUTDOWN_FLUSH_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(5);

  private final ProducerConfig config;
  private final WorkloadMetrics metrics;
  private final Semaphore inFlight;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final Throughput acknowledged = new Throughput();
  private final LogThrottle purchaseLines = LogThrottle.forLogger(PURCHASES);
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "producer-retries");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Producer<String> producer;
  private volatile boolean retrying = true;

  public PurchaseProducer(ProducerConfig config, WorkloadMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.inFlight = new Semaphore(config.maxPending());
  }

  @Override
  public void run() throws Exception {
    try (PulsarClient client = PulsarClients.create(config.client())) {
      producer =
          client
              .newProducer(Schema.STRING)
              .topic(config.topic())
              .enableBatching(config.batching() != Batching.OFF)
              // Key_Shared needs batches of one key each, or keys end up on the wrong consumer.
              .batcherBuilder(
                  config.batching() == Batching.KEY_BASED
                      ? BatcherBuilder.KEY_BASED
                      : BatcherBuilder.DEFAULT)
              .batchingMaxPublishDelay(1, TimeUnit.MILLISECONDS)
              .maxPendingMessages(config.maxPending())
              .blockIfQueueFull(true)
              // No send timeout: the client keeps every purchase the broker has not acknowledged
              // and sends them again itself, in order, once reconnected; a timeout would hand them
              // back to be sent again after later purchases of the same user.
              .sendTimeout(0, TimeUnit.SECONDS)
              .create();
      LOG.info(
          "producing purchases to {} every {} as {}",
          config.topic(),
          config.interval().isZero()
              ? "0s (as fast as the broker allows)"
              : Durations.format(config.interval()),
          producer.getProducerName());
      scheduler.scheduleAtFixedRate(this::logSummaryIfDue, 1, 1, TimeUnit.SECONDS);
      produceUntilStopped();
      flushAndClose();
    } finally {
      scheduler.shutdownNow();
    }
  }

  private void produceUntilStopped() throws InterruptedException {
    long sent = 0;
    acknowledged.start();
    while (stopRequested.getCount() > 0
        && (config.maxMessages() == 0 || sent < config.maxMessages())) {
      if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        continue;
      }
      send(pick(config.users()), pick(config.items()), 1);
      sent++;
      if (!config.interval().isZero()) {
        stopRequested.await(config.interval().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void send(String user, String item, int attempt) {
    long start = System.nanoTime();
    producer
        .newMessage()
        .key(user)
        .value(item)
        .sendAsync()
        .whenComplete(
            (id, error) -> {
              if (error == null) {
                metrics.produced(start);
                acknowledged.record();
                if (purchaseLines.line()) {
                  PURCHASES.info("produced \"{}\" for {} as {}", item, user, id);
                }
                // After the line, so that it comes before the closing one.
                inFlight.release();
              } else {
                retry(user, item, attempt, error);
              }
            });
  }

  private void retry(String user, String item, int attempt, Throwable error) {
    metrics.sendFailed();
    if (!retrying) {
      LOG.error(
          "send of \"{}\" for {} failed at shutdown and was NOT delivered: {}",
          item,
          user,
          error.toString());
      inFlight.release();
      return;
    }
    long backoff = Math.min(MAX_RETRY_BACKOFF.toMillis(), 100L << Math.min(attempt, 6));
    LOG.warn(
        "send of \"{}\" for {} failed (attempt {}), retrying in {} ms: {}",
        item,
        user,
        attempt,
        backoff,
        error.toString());
    scheduler.schedule(() -> send(user, item, attempt + 1), backoff, TimeUnit.MILLISECONDS);
  }

  private void flushAndClose() throws Exception {
    producer.flushAsync();
    int permits = config.maxPending();
    boolean allAcknowledged =
        inFlight.tryAcquire(permits, SHUTDOWN_FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    retrying = false;
    int unacknowledged = allAcknowledged ? 0 : permits - inFlight.availablePermits();
    if (unacknowledged > 0) {
      LOG.error(
          "{} purchase(s) were not acknowledged by the broker within {} and are NOT delivered",
          unacknowledged,
          SHUTDOWN_FLUSH_TIMEOUT);
    }
    producer.close();
    purchaseLines.endPeriod().ifPresent(summary -> logSummary(summary, unacknowledged));
    LOG.info(
        "producer stopped: {} purchases acknowledged, {} failed send attempts, {} unacknowledged;"
            + " {}",
        acknowledged.count(),
        metrics.sendFailureCount(),
        unacknowledged,
        acknowledged.summary() + ", " + metrics.sendLatencySummary());
  }

  private void logSummaryIfDue() {
    purchaseLines
        .endPeriodIfDue()
        .ifPresent(
            summary -> logSummary(summary, config.maxPending() - inFlight.availablePermits()));
  }

  private void logSummary(LogThrottle.Summary summary, int inFlightNow) {
    LOG.info(
        "{}; {} acknowledged in all, {} in flight, {} failed send attempts, {}",
        summary.describe("produced"),
        acknowledged.count(),
        inFlightNow,
        metrics.sendFailureCount(),
        metrics.sendLatencySummary());
  }

  private static String pick(List<String> values) {
    return values.get(ThreadLocalRandom.current().nextInt(values.size()));
  }

  /** Purchases the broker acknowledged so far. */
  public long acknowledged() {
    return acknowledged.count();
  }

  @Override
  public void stop() {
    stopRequested.countDown();
  }

  @Override
  public boolean isReady() {
    Producer<String> current = producer;
    return current != null && current.isConnected();
  }
}
