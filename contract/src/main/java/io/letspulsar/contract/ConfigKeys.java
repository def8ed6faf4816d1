package io.letspulsar.contract;

/**
 * The contract between the workload and whatever writes its configuration (the operator renders
 * these keys into ConfigMaps): property keys, environment variables and default paths. Both sides
 * use these constants, so they cannot drift apart.
 */
public final class ConfigKeys {
  /** The workload's two subcommands; each reads {@code <command>.properties}. */
  public static final String PRODUCER = "producer";

  public static final String CONSUMER = "consumer";

  /** Directory the properties files are read from when no path is given. */
  public static final String DEFAULT_CONFIG_DIR = "/etc/purchasestream";

  /** Where the operator mounts the token Secret's key, as file {@link #TOKEN_FILE_NAME}. */
  public static final String TOKEN_DIR = "/var/run/secrets/purchasestream/token";

  public static final String TOKEN_FILE_NAME = "token";

  /** Where the operator mounts the CA certificates' Secret key, as file {@link #TLS_FILE_NAME}. */
  public static final String TLS_DIR = "/var/run/secrets/purchasestream/tls";

  public static final String TLS_FILE_NAME = "ca.crt";

  /** Where the operator mounts the OAuth2 key file's Secret key, as {@link #OAUTH2_FILE_NAME}. */
  public static final String OAUTH2_DIR = "/var/run/secrets/purchasestream/oauth2";

  public static final String OAUTH2_FILE_NAME = "credentials.json";

  /** Where the operator mounts a kubernetes.io/tls Secret for mTLS: tls.crt and tls.key. */
  public static final String TLS_CLIENT_DIR = "/var/run/secrets/purchasestream/tls-client";

  public static final String TLS_CLIENT_CERT_FILE_NAME = "tls.crt";
  public static final String TLS_CLIENT_KEY_FILE_NAME = "tls.key";

  /** Environment variable naming the properties file; the {@code --config} argument wins. */
  public static final String CONFIG_ENV = "PURCHASESTREAM_CONFIG";

  // Keys both subcommands read.
  public static final String SERVICE_URL = "client.service.url";
  // Authentication: at most one of a token file, OAuth2 client credentials, a client certificate.
  public static final String TOKEN_FILE = "client.auth.token.file";
  public static final String OAUTH2_ISSUER_URL = "client.auth.oauth2.issuer.url";
  public static final String OAUTH2_AUDIENCE = "client.auth.oauth2.audience";
  public static final String OAUTH2_SCOPE = "client.auth.oauth2.scope";
  public static final String OAUTH2_CREDENTIALS_FILE = "client.auth.oauth2.credentials.file";
  public static final String TLS_CERT_FILE = "client.auth.tls.cert.file";
  public static final String TLS_KEY_FILE = "client.auth.tls.key.file";
  // TLS trust for pulsar+ssl:// URLs.
  public static final String TLS_TRUST_CERTS_FILE = "client.tls.trust.certs.file";
  public static final String TLS_HOSTNAME_VERIFICATION = "client.tls.hostname.verification";
  public static final String HEALTH_ADDRESS = "health.address";
  public static final String HEALTH_PORT = "health.port";

  /** The producer's pause between purchases unless {@link #PRODUCER_INTERVAL} says otherwise. */
  public static final String DEFAULT_INTERVAL = "5s";

  // Producer keys.
  public static final String PRODUCER_TOPIC = "producer.topic";
  public static final String PRODUCER_INTERVAL = "producer.interval";
  public static final String PRODUCER_USERS = "producer.users";
  public static final String PRODUCER_ITEMS = "producer.items";
  public static final String PRODUCER_BATCHING = "producer.batching";
  public static final String PRODUCER_MAX_PENDING = "producer.max.pending";
  public static final String PRODUCER_MAX_MESSAGES = "producer.max.messages";

  // Consumer keys.
  public static final String CONSUMER_TOPIC = "consumer.topic";
  public static final String CONSUMER_NAME = "consumer.name";
  public static final String SUBSCRIPTION_NAME = "subscription.name";
  public static final String SUBSCRIPTION_TYPE = "subscription.type";
  public static final String SUBSCRIPTION_INITIAL_POSITION = "subscription.initial.position";
  public static final String NACK_REDELIVERY_DELAY = "consumer.nack.redelivery.delay";
  public static final String NACK_REDELIVERY_MAX_DELAY = "consumer.nack.redelivery.max.delay";
  public static final String DEAD_LETTER_MAX_REDELIVERIES = "consumer.dead.letter.max.redeliveries";
  public static final String DEAD_LETTER_TOPIC = "consumer.dead.letter.topic";

  /**
   * Logger of the line per purchase ("produced …", "consumed …"); its level comes from the
   * environment variable {@link #PURCHASE_LOG_LEVEL_ENV} (INFO by default, WARN silences it).
   */
  public static final String PURCHASE_LOGGER = "io.letspulsar.workload.purchases";

  public static final String PURCHASE_LOG_LEVEL_ENV = "WORKLOAD_PURCHASE_LOG_LEVEL";

  /** Port of the liveness, readiness and metrics endpoint unless {@link #HEALTH_PORT} says so. */
  public static final int DEFAULT_HEALTH_PORT = 8080;

  /**
   * The producer's and the consumer's health ports in one pod: the containers share its network, so
   * each has its own (the image exposes both).
   */
  public static final int PRODUCER_HEALTH_PORT = DEFAULT_HEALTH_PORT;

  public static final int CONSUMER_HEALTH_PORT = 8081;

  public static final String LIVENESS_PATH = "/livez";
  public static final String READINESS_PATH = "/readyz";
  public static final String METRICS_PATH = "/metrics";

  private ConfigKeys() {}

  /** The properties file of a subcommand, e.g. {@code producer.properties}. */
  public static String propertiesFile(String command) {
    return command + ".properties";
  }
}
