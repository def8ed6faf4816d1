package io.letspulsar.operator.model;

import static io.letspulsar.workload.config.ConfigKeys.*;

import io.letspulsar.operator.api.ConsumerSpec;
import io.letspulsar.operator.api.ProducerSpec;
import io.letspulsar.operator.api.PulsarSpec;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.workload.config.Batching;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The properties files of the producer and the consumer, rendered from a PurchaseStream with the
 * workload's own keys. Pure: the same stream gives the same text, byte for byte.
 */
public final class WorkloadProperties {
  private WorkloadProperties() {}

  public static String producer(PurchaseStream stream, OperatorConfig config) {
    SortedProperties properties = client(stream, config, Names.PRODUCER_HEALTH_PORT);
    ProducerSpec producer =
        Optional.ofNullable(stream.getSpec().producer).orElseGet(ProducerSpec::new);
    properties.setProperty(PRODUCER_TOPIC, Names.topic(stream));
    Optional.ofNullable(producer.interval)
        .ifPresent(v -> properties.setProperty(PRODUCER_INTERVAL, v));
    Optional.ofNullable(producer.users)
        .ifPresent(users -> properties.setProperty(PRODUCER_USERS, String.join(",", users)));
    Optional.ofNullable(producer.items)
        .ifPresent(items -> properties.setProperty(PRODUCER_ITEMS, String.join(",", items)));
    // Mixed batches are faster; Key_Shared consumers need one key per batch.
    properties.setProperty(
        PRODUCER_BATCHING,
        (Names.subscriptionType(stream) == ConsumerSpec.SubscriptionType.Key_Shared
                ? Batching.KEY_BASED
                : Batching.MIXED)
            .value());
    return properties.render();
  }

  public static String consumer(PurchaseStream stream, OperatorConfig config) {
    SortedProperties properties = client(stream, config, Names.CONSUMER_HEALTH_PORT);
    ConsumerSpec consumer =
        Optional.ofNullable(stream.getSpec().consumer).orElseGet(ConsumerSpec::new);
    properties.setProperty(CONSUMER_TOPIC, Names.topic(stream));
    properties.setProperty(SUBSCRIPTION_NAME, Names.subscription(stream));
    properties.setProperty(SUBSCRIPTION_TYPE, Names.subscriptionType(stream).name());
    Optional.ofNullable(consumer.initialPosition)
        .ifPresent(p -> properties.setProperty(SUBSCRIPTION_INITIAL_POSITION, p.name()));
    return properties.render();
  }

  private static SortedProperties client(
      PurchaseStream stream, OperatorConfig config, int healthPort) {
    PulsarSpec pulsar = Optional.ofNullable(stream.getSpec().pulsar).orElseGet(PulsarSpec::new);
    SortedProperties properties = new SortedProperties();
    properties.setProperty(
        SERVICE_URL, Optional.ofNullable(pulsar.serviceUrl).orElse(config.serviceUrl()));
    properties.setProperty(HEALTH_PORT, Integer.toString(healthPort));
    if (pulsar.authentication != null && pulsar.authentication.tokenSecretRef != null) {
      properties.setProperty(TOKEN_FILE, Names.TOKEN_DIR + "/" + Names.TOKEN_FILE);
    }
    if (pulsar.tls != null && pulsar.tls.trustCertsSecretRef != null) {
      properties.setProperty(TLS_TRUST_CERTS_FILE, Names.TLS_DIR + "/" + Names.TLS_FILE);
    }
    return properties;
  }

  /** Properties written in key order, without the date comment {@link Properties#store} adds. */
  private static final class SortedProperties extends Properties {
    private static final long serialVersionUID = 1L;

    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
      Set<Map.Entry<Object, Object>> sorted = new LinkedHashSet<>();
      super.entrySet().stream()
          .sorted(Comparator.comparing(entry -> entry.getKey().toString()))
          .forEach(sorted::add);
      return Collections.unmodifiableSet(sorted);
    }

    String render() {
      StringWriter out = new StringWriter();
      try {
        store(out, null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String text = out.toString();
      return text.substring(text.indexOf('\n') + 1); // the first line is a timestamp comment
    }
  }
}
