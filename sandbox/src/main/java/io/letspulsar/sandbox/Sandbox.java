package io.letspulsar.sandbox;

import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.workload.config.ConfigKeys;
import io.letspulsar.workload.config.ConfigLoader;
import io.letspulsar.workload.consumer.PurchaseConsumer;
import io.letspulsar.workload.consumer.PurchaseHandler;
import io.letspulsar.workload.producer.PurchaseProducer;
import io.letspulsar.workload.runtime.Workload;
import io.letspulsar.workload.runtime.WorkloadMetrics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo with nothing installed: an embedded Pulsar broker, the producer and the consumer of the
 * workload, printing the purchase stream until Ctrl-C, which stops everything and deletes the
 * broker's data.
 */
public final class Sandbox implements AutoCloseable {
  static final String TOPIC = "persistent://public/default/purchases";
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

  private final EmbeddedPulsar pulsar;
  private final PurchaseProducer producer;
  private final PurchaseConsumer consumer;
  private final WorkloadMetrics consumerMetrics = new WorkloadMetrics();
  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private final List<Future<?>> running;

  private Sandbox(EmbeddedPulsar pulsar, String interval) {
    this.pulsar = pulsar;
    Properties producerFile = common();
    producerFile.setProperty(ConfigKeys.PRODUCER_TOPIC, TOPIC);
    producerFile.setProperty(ConfigKeys.PRODUCER_INTERVAL, interval);
    Properties consumerFile = common();
    consumerFile.setProperty(ConfigKeys.CONSUMER_TOPIC, TOPIC);
    consumerFile.setProperty(ConfigKeys.SUBSCRIPTION_NAME, "purchases-sub");
    consumerFile.setProperty(ConfigKeys.CONSUMER_NAME, "purchases-consumer");
    producer =
        new PurchaseProducer(
            new ConfigLoader("sandbox producer", producerFile, Map.of()).producer(),
            new WorkloadMetrics());
    consumer =
        new PurchaseConsumer(
            new ConfigLoader("sandbox consumer", consumerFile, Map.of()).consumer(),
            consumerMetrics,
            PurchaseHandler.REQUIRE_USER_AND_ITEM);
    running = List.of(threads.submit(run(consumer)), threads.submit(run(producer)));
  }

  /** Starts the broker, then the consumer and the producer. */
  public static Sandbox start(String interval) {
    LOG.info("starting an embedded Pulsar broker (about 10 s)...");
    EmbeddedPulsar pulsar = EmbeddedPulsar.startNew();
    LOG.info(
        "Pulsar is up at {} (admin {}); purchases flow to {}",
        pulsar.serviceUrl(),
        pulsar.adminUrl(),
        TOPIC);
    return new Sandbox(pulsar, interval);
  }

  private Properties common() {
    Properties properties = new Properties();
    properties.setProperty(ConfigKeys.SERVICE_URL, pulsar.serviceUrl());
    properties.setProperty(ConfigKeys.HEALTH_ADDRESS, "127.0.0.1");
    properties.setProperty(ConfigKeys.HEALTH_PORT, "0");
    return properties;
  }

  private static Runnable run(Workload workload) {
    return () -> {
      try {
        workload.run();
      } catch (Exception e) {
        LOG.error("{} stopped: {}", workload.getClass().getSimpleName(), e.getMessage(), e);
      }
    };
  }

  /** Purchases the consumer has processed and acknowledged. */
  public long acknowledgedByConsumer() {
    return consumerMetrics.ackedCount();
  }

  /** Stops producer and consumer (each finishes what is in hand), the broker, and its data. */
  @Override
  public void close() throws Exception {
    producer.stop();
    consumer.stop();
    for (Future<?> task : running) {
      task.get(30, TimeUnit.SECONDS);
    }
    threads.shutdown();
    pulsar.close();
    LOG.info("sandbox stopped; the broker's data is deleted");
  }

  /** {@code Sandbox [interval]}: the interval between purchases, 5s by default. */
  public static void main(String[] args) throws Exception {
    String interval = args.length > 0 ? args[0] : "5s";
    Sandbox sandbox = start(interval);
    LOG.info("producing a purchase every {}; press Ctrl-C to stop", interval);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    sandbox.close();
                  } catch (Exception e) {
                    LOG.error("stopping the sandbox failed: {}", e.getMessage(), e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "sandbox-stop"));
    stopped.await();
  }
}
