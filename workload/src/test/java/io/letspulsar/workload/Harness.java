package io.letspulsar.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.SecuredPulsar;
import io.letspulsar.workload.config.ConfigLoader;
import io.letspulsar.workload.config.ConsumerConfig;
import io.letspulsar.workload.config.ProducerConfig;
import io.letspulsar.workload.consumer.Purchase;
import io.letspulsar.workload.consumer.PurchaseConsumer;
import io.letspulsar.workload.consumer.PurchaseHandler;
import io.letspulsar.workload.producer.PurchaseProducer;
import io.letspulsar.workload.runtime.Workload;
import io.letspulsar.workload.runtime.WorkloadMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Builds workload configurations the way the application does and runs workloads in threads. */
final class Harness {
  private Harness() {}

  static String uniqueTopic(String name) {
    return "persistent://public/default/" + name + "-" + UUID.randomUUID();
  }

  static Properties clientProperties(EmbeddedPulsar pulsar) {
    return clientProperties(pulsar.serviceUrl());
  }

  /**
   * The client keys for the secured broker: its TLS URL and CA (hostname verification on, the
   * default), then {@code keys}: one authentication method's, and any to add or replace.
   */
  static Properties clientProperties(SecuredPulsar pulsar, Map<String, String> keys) {
    Properties properties = clientProperties(pulsar.serviceUrlTls());
    properties.setProperty(ConfigKeys.TLS_TRUST_CERTS_FILE, pulsar.caCertFile().toString());
    properties.putAll(keys);
    return properties;
  }

  private static Properties clientProperties(String serviceUrl) {
    Properties properties = new Properties();
    properties.setProperty(ConfigKeys.SERVICE_URL, serviceUrl);
    properties.setProperty(ConfigKeys.HEALTH_ADDRESS, "127.0.0.1");
    properties.setProperty(ConfigKeys.HEALTH_PORT, "0");
    return properties;
  }

  static ProducerConfig producerConfig(
      EmbeddedPulsar pulsar, String topic, Map<String, String> settings) {
    return producerConfig(clientProperties(pulsar), topic, settings);
  }

  /** A producer configuration read by the application's loader from {@code client} and more. */
  static ProducerConfig producerConfig(
      Properties client, String topic, Map<String, String> settings) {
    Properties properties = new Properties();
    properties.putAll(client);
    properties.setProperty(ConfigKeys.PRODUCER_TOPIC, topic);
    properties.putAll(settings);
    return new ConfigLoader("test", properties, Map.of()).producer();
  }

  static ConsumerConfig consumerConfig(
      EmbeddedPulsar pulsar, String topic, Map<String, String> settings) {
    return consumerConfig(clientProperties(pulsar), topic, settings);
  }

  /** A consumer configuration read by the application's loader from {@code client} and more. */
  static ConsumerConfig consumerConfig(
      Properties client, String topic, Map<String, String> settings) {
    Properties properties = new Properties();
    properties.putAll(client);
    properties.setProperty(ConfigKeys.CONSUMER_TOPIC, topic);
    properties.setProperty(ConfigKeys.SUBSCRIPTION_NAME, "purchases-sub");
    properties.putAll(settings);
    return new ConfigLoader("test", properties, Map.of()).consumer();
  }

  /** Sends {@code count} purchases as fast as possible and returns once all are acknowledged. */
  static PurchaseProducer produce(EmbeddedPulsar pulsar, String topic, int count) {
    return produce(pulsar, topic, count, "0s");
  }

  /** Sends {@code count} purchases, one per {@code interval}; returns once all are acknowledged. */
  static PurchaseProducer produce(EmbeddedPulsar pulsar, String topic, int count, String interval) {
    return produce(clientProperties(pulsar), topic, count, interval);
  }

  /** As {@link #produce(EmbeddedPulsar, String, int, String)}, with the client keys given. */
  static PurchaseProducer produce(Properties client, String topic, int count, String interval) {
    PurchaseProducer producer =
        producer(
            client,
            topic,
            Map.of(
                ConfigKeys.PRODUCER_INTERVAL,
                interval,
                ConfigKeys.PRODUCER_MAX_MESSAGES,
                Integer.toString(count)));
    Running.start(producer).awaitExit(Duration.ofMinutes(2));
    assertThat(producer.acknowledged()).isEqualTo(count);
    return producer;
  }

  static PurchaseProducer producer(
      EmbeddedPulsar pulsar, String topic, Map<String, String> settings) {
    return producer(clientProperties(pulsar), topic, settings);
  }

  static PurchaseProducer producer(Properties client, String topic, Map<String, String> settings) {
    return new PurchaseProducer(producerConfig(client, topic, settings), new WorkloadMetrics());
  }

  /** A consumer that records what it processed and whose handler the test may replace. */
  static final class RecordingConsumer {
    final List<Purchase> processed = new CopyOnWriteArrayList<>();
    final WorkloadMetrics metrics = new WorkloadMetrics();
    final PurchaseConsumer consumer;
    final Running running;

    RecordingConsumer(ConsumerConfig config, PurchaseHandler before) {
      this(config, before, Integer.MAX_VALUE);
    }

    /** Runs {@code before} on each purchase; stops by itself after {@code stopAfter} purchases. */
    RecordingConsumer(ConsumerConfig config, PurchaseHandler before, int stopAfter) {
      PurchaseConsumer[] self = new PurchaseConsumer[1];
      consumer =
          new PurchaseConsumer(
              config,
              metrics,
              purchase -> {
                before.handle(purchase);
                if (processed.size() + 1 >= stopAfter) {
                  self[0].stop();
                }
                processed.add(purchase);
              });
      self[0] = consumer;
      running = Running.start(consumer);
    }

    static RecordingConsumer start(ConsumerConfig config) {
      return new RecordingConsumer(config, purchase -> {});
    }

    List<String> ids() {
      return processed.stream().map(Purchase::messageId).toList();
    }

    void stop() {
      running.stop();
    }
  }

  /** A workload running on its own thread. */
  static final class Running {
    private final Workload workload;
    private final CompletableFuture<Void> exit;

    private Running(Workload workload) {
      this.workload = workload;
      this.exit =
          CompletableFuture.runAsync(
              () -> {
                try {
                  workload.run();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              runnable -> {
                Thread thread = new Thread(runnable, "workload-under-test");
                thread.setDaemon(true);
                thread.start();
              });
    }

    static Running start(Workload workload) {
      return new Running(workload);
    }

    CompletableFuture<Void> exit() {
      return exit;
    }

    void awaitExit(Duration timeout) {
      exit.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    void stop() {
      workload.stop();
      awaitExit(Duration.ofSeconds(30));
    }
  }
}
