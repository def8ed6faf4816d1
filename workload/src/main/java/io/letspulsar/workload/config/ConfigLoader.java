package io.letspulsar.workload.config;

import static io.letspulsar.contract.ConfigKeys.*;

import io.letspulsar.contract.Batching;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.common.naming.TopicName;

/**
 * Turns a properties file (plus the environment, for the consumer's default name) into a checked
 * configuration. It never returns a half-valid one: every problem is collected into one {@link
 * ConfigException}. Secrets are never in the file nor in the environment: only the paths of files
 * mounted from Secrets, which are checked to be readable, never read here.
 */
public final class ConfigLoader {
  private static final Map<String, SubscriptionType> SUBSCRIPTION_TYPES = new LinkedHashMap<>();
  private static final Map<String, SubscriptionInitialPosition> POSITIONS = new LinkedHashMap<>();
  private static final Map<String, Boolean> BOOLEANS = new LinkedHashMap<>();
  static final String PLAIN_SCHEME = "pulsar://";
  static final String TLS_SCHEME = "pulsar+ssl://";

  static {
    BOOLEANS.put("true", true);
    BOOLEANS.put("false", false);
    for (SubscriptionType type : SubscriptionType.values()) {
      SUBSCRIPTION_TYPES.put(type.name(), type);
    }
    for (SubscriptionInitialPosition position : SubscriptionInitialPosition.values()) {
      POSITIONS.put(position.name(), position);
    }
  }

  private final String source;
  private final Properties properties;
  private final Map<String, String> env;

  public ConfigLoader(String source, Properties properties, Map<String, String> env) {
    this.source = source;
    this.properties = properties;
    this.env = env;
  }

  /** Reads a properties file; a missing or unreadable file names the ways to point at another. */
  public static ConfigLoader fromFile(Path file, Map<String, String> env) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          file.toString(),
          List.of(
              "cannot read the properties file ("
                  + e.getClass().getSimpleName()
                  + ": "
                  + e.getMessage()
                  + "); pass --config <path> or set "
                  + CONFIG_ENV));
    }
    return new ConfigLoader(file.toString(), properties, env);
  }

  public ProducerConfig producer() {
    SettingsReader reader = new SettingsReader(source, properties);
    ClientConfig client = client(reader);
    String topic = topic(reader, PRODUCER_TOPIC);
    Duration interval = reader.duration(PRODUCER_INTERVAL, ProducerConfig.DEFAULT_INTERVAL);
    List<String> users = reader.list(PRODUCER_USERS, ProducerConfig.DEMO_USERS);
    List<String> items = reader.list(PRODUCER_ITEMS, ProducerConfig.DEMO_ITEMS);
    Batching batching = reader.choice(PRODUCER_BATCHING, Batching.KEY_BASED, Batching.byValue());
    int maxPending =
        reader.integer(PRODUCER_MAX_PENDING, ProducerConfig.DEFAULT_MAX_PENDING, 1, 100_000);
    int maxMessages = reader.integer(PRODUCER_MAX_MESSAGES, 0, 0, Integer.MAX_VALUE);
    reader.finish();
    return new ProducerConfig(
        client, topic, interval, users, items, batching, maxPending, maxMessages);
  }

  public ConsumerConfig consumer() {
    SettingsReader reader = new SettingsReader(source, properties);
    ClientConfig client = client(reader);
    String topic = topic(reader, CONSUMER_TOPIC);
    String subscription = reader.required(SUBSCRIPTION_NAME, "purchases-sub");
    SubscriptionType type =
        reader.choice(SUBSCRIPTION_TYPE, SubscriptionType.Exclusive, SUBSCRIPTION_TYPES);
    SubscriptionInitialPosition position =
        reader.choice(
            SUBSCRIPTION_INITIAL_POSITION, SubscriptionInitialPosition.Earliest, POSITIONS);
    String consumerName =
        reader.optional(CONSUMER_NAME).orElseGet(() -> env.getOrDefault("HOSTNAME", "consumer"));
    Duration nackDelay =
        reader.duration(NACK_REDELIVERY_DELAY, ConsumerConfig.DEFAULT_NACK_REDELIVERY_DELAY);
    Duration nackMaxDelay =
        reader.duration(
            NACK_REDELIVERY_MAX_DELAY,
            max(nackDelay, ConsumerConfig.DEFAULT_NACK_REDELIVERY_MAX_DELAY));
    if (nackMaxDelay.compareTo(nackDelay) < 0) {
      reader.problem(
          NACK_REDELIVERY_MAX_DELAY,
          "is shorter than "
              + NACK_REDELIVERY_DELAY
              + " ("
              + nackDelay
              + "); make it as long or longer");
    }
    int maxRedeliveries = reader.integer(DEAD_LETTER_MAX_REDELIVERIES, 0, 0, 1000);
    Optional<String> deadLetterTopic = reader.optional(DEAD_LETTER_TOPIC);
    deadLetterTopic.ifPresent(
        name -> {
          checkTopicName(reader, DEAD_LETTER_TOPIC, name);
          if (maxRedeliveries == 0) {
            reader.problem(
                DEAD_LETTER_TOPIC,
                "needs " + DEAD_LETTER_MAX_REDELIVERIES + " of 1 or more to take effect");
          }
        });
    reader.finish();
    return new ConsumerConfig(
        client,
        topic,
        subscription,
        type,
        position,
        consumerName,
        nackDelay,
        nackMaxDelay,
        maxRedeliveries,
        deadLetterTopic);
  }

  private ClientConfig client(SettingsReader reader) {
    String serviceUrl = reader.required(SERVICE_URL, "pulsar://localhost:6650");
    if (!serviceUrl.isEmpty()
        && !serviceUrl.startsWith(PLAIN_SCHEME)
        && !serviceUrl.startsWith(TLS_SCHEME)) {
      reader.problem(
          SERVICE_URL,
          "'"
              + serviceUrl
              + "' is not a Pulsar service URL; use pulsar://host:6650 or pulsar+ssl://host:6651");
    }
    ClientAuth auth = AuthSettings.read(reader, serviceUrl.startsWith(PLAIN_SCHEME));
    // Without a CA file, pulsar+ssl:// trusts the JVM's CAs.
    Optional<Path> trustCerts = reader.file(TLS_TRUST_CERTS_FILE, "CA Secret");
    boolean hostnameVerification = reader.choice(TLS_HOSTNAME_VERIFICATION, true, BOOLEANS);
    String healthAddress = reader.optional(HEALTH_ADDRESS).orElse("0.0.0.0");
    int healthPort = reader.integer(HEALTH_PORT, DEFAULT_HEALTH_PORT, 0, 65535);
    return new ClientConfig(
        serviceUrl, auth, trustCerts, hostnameVerification, healthAddress, healthPort);
  }

  private static String topic(SettingsReader reader, String key) {
    String topic = reader.required(key, "persistent://public/default/purchases");
    if (!topic.isEmpty()) {
      checkTopicName(reader, key, topic);
    }
    return topic;
  }

  private static void checkTopicName(SettingsReader reader, String key, String topic) {
    try {
      TopicName.get(topic);
    } catch (IllegalArgumentException e) {
      reader.problem(
          key,
          "'"
              + topic
              + "' is not a valid Pulsar topic ("
              + e.getMessage()
              + "); use e.g. persistent://public/default/purchases");
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
