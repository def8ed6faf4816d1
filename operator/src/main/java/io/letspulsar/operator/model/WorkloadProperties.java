package io.letspulsar.operator.model;

import static io.letspulsar.contract.ConfigKeys.*;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The properties files of the producer and the consumer, rendered from a resolved stream with the
 * workload's own keys. Pure: the same stream gives the same text, byte for byte.
 */
public final class WorkloadProperties {
  private WorkloadProperties() {}

  public static String producer(StreamModel stream) {
    StreamModel.Producer producer = stream.producer();
    SortedProperties properties = client(stream, PRODUCER_HEALTH_PORT);
    properties.setProperty(PRODUCER_TOPIC, stream.topic().topic());
    properties.setProperty(PRODUCER_INTERVAL, producer.interval());
    producer.users().ifPresent(users -> properties.setProperty(PRODUCER_USERS, list(users)));
    producer.items().ifPresent(items -> properties.setProperty(PRODUCER_ITEMS, list(items)));
    properties.setProperty(PRODUCER_BATCHING, producer.batching().value());
    return properties.render();
  }

  public static String consumer(StreamModel stream) {
    StreamModel.Consumer consumer = stream.consumer();
    SortedProperties properties = client(stream, CONSUMER_HEALTH_PORT);
    properties.setProperty(CONSUMER_TOPIC, stream.topic().topic());
    properties.setProperty(SUBSCRIPTION_NAME, consumer.subscription());
    properties.setProperty(SUBSCRIPTION_TYPE, consumer.subscriptionType().name());
    properties.setProperty(SUBSCRIPTION_INITIAL_POSITION, consumer.initialPosition().name());
    consumer
        .redelivery()
        .ifPresent(
            redelivery -> {
              optional(properties, NACK_REDELIVERY_DELAY, redelivery.delay);
              optional(properties, NACK_REDELIVERY_MAX_DELAY, redelivery.maxDelay);
            });
    consumer
        .deadLetterAfter()
        .ifPresent(
            redeliveries -> {
              properties.setProperty(DEAD_LETTER_MAX_REDELIVERIES, redeliveries.toString());
              properties.setProperty(DEAD_LETTER_TOPIC, stream.topic().deadLetter().topic());
            });
    return properties.render();
  }

  private static SortedProperties client(StreamModel stream, int healthPort) {
    StreamModel.Pulsar pulsar = stream.pulsar();
    SortedProperties properties = new SortedProperties();
    properties.setProperty(SERVICE_URL, pulsar.cluster().serviceUrl());
    properties.setProperty(HEALTH_PORT, Integer.toString(healthPort));
    StreamModel.WorkloadAuth auth = pulsar.authentication();
    if (auth instanceof StreamModel.WorkloadAuth.Token) {
      properties.setProperty(TOKEN_FILE, TOKEN_DIR + "/" + TOKEN_FILE_NAME);
    } else if (auth instanceof StreamModel.WorkloadAuth.OAuth2 oauth2) {
      properties.setProperty(OAUTH2_ISSUER_URL, oauth2.issuerUrl());
      optional(properties, OAUTH2_AUDIENCE, oauth2.audience());
      optional(properties, OAUTH2_SCOPE, oauth2.scope());
      properties.setProperty(OAUTH2_CREDENTIALS_FILE, OAUTH2_DIR + "/" + OAUTH2_FILE_NAME);
    } else if (auth instanceof StreamModel.WorkloadAuth.Tls) {
      properties.setProperty(TLS_CERT_FILE, TLS_CLIENT_DIR + "/" + TLS_CLIENT_CERT_FILE_NAME);
      properties.setProperty(TLS_KEY_FILE, TLS_CLIENT_DIR + "/" + TLS_CLIENT_KEY_FILE_NAME);
    }
    pulsar
        .trustCerts()
        .ifPresent(
            ref -> properties.setProperty(TLS_TRUST_CERTS_FILE, TLS_DIR + "/" + TLS_FILE_NAME));
    if (!pulsar.verifyHostname()) {
      properties.setProperty(TLS_HOSTNAME_VERIFICATION, "false");
    }
    return properties;
  }

  private static void optional(SortedProperties properties, String key, String value) {
    if (value != null) {
      properties.setProperty(key, value);
    }
  }

  private static String list(java.util.List<String> values) {
    return String.join(",", values);
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
