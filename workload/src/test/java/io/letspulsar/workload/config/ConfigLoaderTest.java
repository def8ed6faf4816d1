package io.letspulsar.workload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.letspulsar.contract.Batching;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  private static final String TOPIC = "persistent://public/default/purchases";
  private static final String KEY_FILE_JSON =
      "{\"type\":\"client_credentials\",\"client_id\":\"app\","
          + "\"client_secret\":\"client-secret-value\"}";

  private static Properties properties(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  private static Properties minimalProducer() {
    return properties("client.service.url", "pulsar://localhost:6650", "producer.topic", TOPIC);
  }

  private static Properties minimalConsumer() {
    return properties(
        "client.service.url", "pulsar://localhost:6650",
        "consumer.topic", TOPIC,
        "subscription.name", "purchases-sub");
  }

  @Test
  void aMinimalProducerFileGetsTheDemosDefaults() {
    ProducerConfig config = new ConfigLoader("f", minimalProducer(), Map.of()).producer();

    assertThat(config.topic()).isEqualTo(TOPIC);
    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.users())
        .containsExactly("eabara", "jsmith", "sgarcia", "jbernard", "htanaka", "awalther");
    assertThat(config.items())
        .containsExactly("book", "alarm clock", "t-shirts", "gift card", "batteries");
    assertThat(config.maxMessages()).isZero();
    assertThat(config.batching()).isEqualTo(Batching.KEY_BASED);
    assertThat(config.client().healthPort()).isEqualTo(8080);
    assertThat(config.client().auth()).isEqualTo(ClientAuth.NONE);
    assertThat(config.client().trustCertsFile()).isEmpty();
    assertThat(config.client().tlsHostnameVerification()).isTrue();
  }

  @Test
  void aMinimalConsumerFileSubscribesExclusivelyFromTheEarliestMessage() {
    ConsumerConfig config =
        new ConfigLoader("f", minimalConsumer(), Map.of("HOSTNAME", "pod-1")).consumer();

    assertThat(config.subscription()).isEqualTo("purchases-sub");
    assertThat(config.subscriptionType()).isEqualTo(SubscriptionType.Exclusive);
    assertThat(config.initialPosition()).isEqualTo(SubscriptionInitialPosition.Earliest);
    assertThat(config.consumerName()).isEqualTo("pod-1");
    assertThat(config.deadLetterMaxRedeliveries()).isZero();
    assertThat(config.nackRedeliveryDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.nackRedeliveryMaxDelay()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aFirstRedeliveryDelayAboveTheDefaultLongestOneRaisesIt() {
    ConsumerConfig config =
        new ConfigLoader(
                "f", with(minimalConsumer(), "consumer.nack.redelivery.delay", "5m"), Map.of())
            .consumer();

    assertThat(config.nackRedeliveryMaxDelay()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void everyProducerSettingIsRead() {
    Properties file = minimalProducer();
    file.putAll(
        properties(
            "producer.interval", "1m30s",
            "producer.users", "ann, bob",
            "producer.items", "pen",
            "producer.max.pending", "10",
            "producer.batching", "mixed",
            "producer.max.messages", "7",
            "health.address", "127.0.0.1",
            "health.port", "9000"));

    ProducerConfig config = new ConfigLoader("f", file, Map.of()).producer();

    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.users()).containsExactly("ann", "bob");
    assertThat(config.items()).containsExactly("pen");
    assertThat(config.maxPending()).isEqualTo(10);
    assertThat(config.batching()).isEqualTo(Batching.MIXED);
    assertThat(config.maxMessages()).isEqualTo(7);
    assertThat(config.client().healthAddress()).isEqualTo("127.0.0.1");
    assertThat(config.client().healthPort()).isEqualTo(9000);
  }

  @Test
  void theTokenComesFromAMountedSecretFileAndOnlyItsPathIsPrinted(@TempDir Path dir)
      throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
    Properties file = with(minimalProducer(), "client.auth.token.file", token.toString());

    ProducerConfig config = new ConfigLoader("f", file, Map.of()).producer();

    assertThat(config.client().auth()).isEqualTo(new ClientAuth.TokenFile(token));
    assertThat(config.toString()).contains("token file " + token).doesNotContain("s3cret");
  }

  @Test
  void aTokenInTheEnvironmentIsNotRead() {
    ProducerConfig config =
        new ConfigLoader("f", minimalProducer(), Map.of("PULSAR_AUTH_TOKEN", "s3cret")).producer();

    assertThat(config.client().auth()).isEqualTo(ClientAuth.NONE);
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void oauth2ClientCredentialsComeFromAMountedKeyFileAndOnlyItsPathIsPrinted(@TempDir Path dir)
      throws IOException {
    Path keyFile = Files.writeString(dir.resolve("credentials.json"), KEY_FILE_JSON);
    Properties file =
        with(
            minimalProducer(),
            "client.auth.oauth2.issuer.url",
            "https://auth.example.com/",
            "client.auth.oauth2.audience",
            "urn:pulsar",
            "client.auth.oauth2.scope",
            "pulsar:produce",
            "client.auth.oauth2.credentials.file",
            keyFile.toString());

    ProducerConfig config = new ConfigLoader("f", file, Map.of()).producer();

    assertThat(config.client().auth())
        .isEqualTo(
            new ClientAuth.OAuth2(
                URI.create("https://auth.example.com/"),
                Optional.of("urn:pulsar"),
                Optional.of("pulsar:produce"),
                keyFile));
    assertThat(config.toString())
        .contains(keyFile.toString())
        .doesNotContain("client-secret-value");
  }

  @Test
  void audienceAndScopeAreOptionalForOAuth2(@TempDir Path dir) throws IOException {
    Path keyFile = Files.writeString(dir.resolve("credentials.json"), KEY_FILE_JSON);
    Properties file =
        with(
            minimalProducer(),
            "client.auth.oauth2.issuer.url",
            "http://127.0.0.1:8080/issuer",
            "client.auth.oauth2.credentials.file",
            keyFile.toString());

    ClientAuth auth = new ConfigLoader("f", file, Map.of()).producer().client().auth();

    assertThat(auth)
        .isEqualTo(
            new ClientAuth.OAuth2(
                URI.create("http://127.0.0.1:8080/issuer"),
                Optional.empty(),
                Optional.empty(),
                keyFile));
  }

  @Test
  void aClientCertificateComesFromAMountedTlsSecretAndOnlyItsPathsArePrinted(@TempDir Path dir)
      throws IOException {
    Path cert = Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----");
    Path key = Files.writeString(dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY----- s3cret");
    Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----");
    Properties file =
        with(
            minimalProducer(),
            "client.service.url",
            "pulsar+ssl://pulsar.example.com:6651",
            "client.auth.tls.cert.file",
            cert.toString(),
            "client.auth.tls.key.file",
            key.toString(),
            "client.tls.trust.certs.file",
            ca.toString());

    ClientConfig client = new ConfigLoader("f", file, Map.of()).producer().client();

    assertThat(client.auth()).isEqualTo(new ClientAuth.TlsCertificate(cert, key));
    assertThat(client.trustCertsFile()).contains(ca);
    assertThat(client.toString())
        .contains(cert.toString(), key.toString(), ca.toString())
        .doesNotContain("s3cret");
  }

  @Test
  void aTlsUrlWithoutACaFileTrustsTheJvmsCas() {
    Properties file = with(minimalProducer(), "client.service.url", "pulsar+ssl://pulsar:6651");

    ClientConfig client = new ConfigLoader("f", file, Map.of()).producer().client();

    assertThat(client.trustCertsFile()).isEmpty();
    assertThat(client.toString()).contains("trustCertsFile=the JVM's CAs");
  }

  @Test
  void hostnameVerificationCanBeTurnedOff() {
    Properties file =
        with(
            minimalProducer(),
            "client.service.url",
            "pulsar+ssl://pulsar:6651",
            "client.tls.hostname.verification",
            "false");

    ClientConfig client = new ConfigLoader("f", file, Map.of()).producer().client();

    assertThat(client.tlsHostnameVerification()).isFalse();
  }

  static Stream<Arguments> badProducerFiles() {
    return Stream.of(
        Arguments.of(
            "missing service URL",
            properties("producer.topic", TOPIC),
            "client.service.url: is required"),
        Arguments.of(
            "missing topic",
            properties("client.service.url", "pulsar://localhost:6650"),
            "producer.topic: is required"),
        Arguments.of(
            "http URL",
            with(minimalProducer(), "client.service.url", "http://localhost:8080"),
            "client.service.url: 'http://localhost:8080' is not a Pulsar service URL"),
        Arguments.of(
            "bad topic",
            with(minimalProducer(), "producer.topic", "persistent://public/def@ult/purchases"),
            "producer.topic: 'persistent://public/def@ult/purchases' is not a valid Pulsar topic"),
        Arguments.of(
            "duration without unit",
            with(minimalProducer(), "producer.interval", "5"),
            "producer.interval: '5' is not allowed; use a whole number with a unit ms, s, m or h"),
        Arguments.of(
            "negative duration",
            with(minimalProducer(), "producer.interval", "-1s"),
            "producer.interval: '-1s' is not allowed"),
        Arguments.of(
            "misspelled key",
            with(minimalProducer(), "producer.intervall", "5s"),
            "producer.intervall: unknown key (did you mean producer.interval?)"),
        Arguments.of(
            "consumer key in the producer file",
            with(minimalProducer(), "subscription.name", "x"),
            "subscription.name: unknown key"),
        Arguments.of(
            "token in the file",
            with(minimalProducer(), "client.auth.token", "eyJhbGciOi"),
            "client.auth.token: a token is never read from the properties file; mount the token"
                + " Secret and set client.auth.token.file to its file's path, e.g."
                + " client.auth.token.file=/var/run/secrets/purchasestream/token/token"),
        Arguments.of(
            "port out of range",
            with(minimalProducer(), "health.port", "70000"),
            "health.port: '70000' is not allowed; use a whole number from 0 to 65535"),
        Arguments.of(
            "unknown batching",
            with(minimalProducer(), "producer.batching", "KEY_BASED"),
            "producer.batching: 'KEY_BASED' is not allowed; use one of key-based, mixed, off"),
        Arguments.of(
            "zero pending",
            with(minimalProducer(), "producer.max.pending", "0"),
            "producer.max.pending: '0' is not allowed; use a whole number from 1 to 100000"),
        Arguments.of(
            "empty users",
            with(minimalProducer(), "producer.users", " , "),
            "producer.users: ',' is not allowed; use a comma-separated list"),
        Arguments.of(
            "unreadable token file",
            with(minimalProducer(), "client.auth.token.file", "/no/such/token"),
            "client.auth.token.file: cannot read /no/such/token; mount the token Secret there"),
        Arguments.of(
            "unreadable CA file",
            with(minimalProducer(), "client.tls.trust.certs.file", "/no/such/ca.crt"),
            "client.tls.trust.certs.file: cannot read /no/such/ca.crt; mount the CA Secret there"),
        Arguments.of(
            "OAuth2 without an issuer",
            with(minimalProducer(), "client.auth.oauth2.credentials.file", "/no/such.json"),
            "client.auth.oauth2.issuer.url: is required for OAuth2 client credentials"
                + " (client.auth.oauth2.credentials.file is set); set the issuer's URL, e.g."
                + " client.auth.oauth2.issuer.url=https://auth.example.com/"),
        Arguments.of(
            "OAuth2 without a credentials file",
            with(minimalProducer(), "client.auth.oauth2.issuer.url", "https://auth.example.com/"),
            "client.auth.oauth2.credentials.file: is required for OAuth2 client credentials"
                + " (client.auth.oauth2.issuer.url is set); mount the OAuth2 credentials Secret"
                + " and set its file's path, e.g."
                + " client.auth.oauth2.credentials.file="
                + "/var/run/secrets/purchasestream/oauth2/credentials.json"),
        Arguments.of(
            "OAuth2 audience alone",
            with(minimalProducer(), "client.auth.oauth2.audience", "urn:pulsar"),
            "client.auth.oauth2.issuer.url: is required for OAuth2 client credentials"
                + " (client.auth.oauth2.audience is set)"),
        Arguments.of(
            "OAuth2 issuer not http(s)",
            with(minimalProducer(), "client.auth.oauth2.issuer.url", "auth.example.com"),
            "client.auth.oauth2.issuer.url: 'auth.example.com' is not an http:// or https:// URL;"
                + " set the issuer's URL, e.g. https://auth.example.com/"),
        Arguments.of(
            "OAuth2 issuer of another scheme",
            with(minimalProducer(), "client.auth.oauth2.issuer.url", "ftp://auth.example.com/"),
            "client.auth.oauth2.issuer.url: 'ftp://auth.example.com/' is not an http://"),
        Arguments.of(
            "unreadable OAuth2 credentials file",
            with(minimalProducer(), "client.auth.oauth2.credentials.file", "/no/such.json"),
            "client.auth.oauth2.credentials.file: cannot read /no/such.json; mount the OAuth2"
                + " credentials Secret there"),
        Arguments.of(
            "client certificate without key",
            with(minimalProducer(), "client.auth.tls.cert.file", "/no/tls.crt"),
            "client.auth.tls.key.file: is required with client.auth.tls.cert.file"),
        Arguments.of(
            "client key without certificate",
            with(minimalProducer(), "client.auth.tls.key.file", "/no/tls.key"),
            "client.auth.tls.cert.file: is required with client.auth.tls.key.file; mount the"
                + " client certificate Secret (kubernetes.io/tls) and set the path of its tls.crt,"
                + " e.g. /var/run/secrets/purchasestream/tls-client/tls.crt"),
        Arguments.of(
            "unreadable client key",
            with(minimalProducer(), "client.auth.tls.key.file", "/no/tls.key"),
            "client.auth.tls.key.file: cannot read /no/tls.key; mount the client certificate"
                + " Secret (kubernetes.io/tls) there"),
        Arguments.of(
            "client certificate over pulsar://",
            with(minimalProducer(), "client.auth.tls.cert.file", "/no/tls.crt"),
            "client.auth.tls.cert.file: a client certificate is only presented over TLS, but"
                + " client.service.url is pulsar://; use pulsar+ssl://host:6651"),
        Arguments.of(
            "hostname verification not a boolean",
            with(minimalProducer(), "client.tls.hostname.verification", "TRUE"),
            "client.tls.hostname.verification: 'TRUE' is not allowed; use one of true, false"),
        Arguments.of(
            "OAuth2 secret in the file",
            with(minimalProducer(), "client.auth.oauth2.client.secret", "s3cret"),
            "client.auth.oauth2.client.secret: unknown key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badProducerFiles")
  void aBadProducerFileIsRefusedNamingTheKeyAndTheFix(
      String description, Properties file, String expected) {
    assertThatThrownBy(() -> new ConfigLoader("producer.properties", file, Map.of()).producer())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid configuration in producer.properties:")
        .hasMessageContaining(expected);
  }

  static Stream<Arguments> badConsumerFiles() {
    return Stream.of(
        Arguments.of(
            "missing subscription",
            without(minimalConsumer(), "subscription.name"),
            "subscription.name: is required"),
        Arguments.of(
            "lower-case subscription type",
            with(minimalConsumer(), "subscription.type", "shared"),
            "subscription.type: 'shared' is not allowed; use one of Exclusive, Shared, Failover,"
                + " Key_Shared"),
        Arguments.of(
            "unknown initial position",
            with(minimalConsumer(), "subscription.initial.position", "Oldest"),
            "subscription.initial.position: 'Oldest' is not allowed; use one of Latest, Earliest"),
        Arguments.of(
            "dead-letter topic without redeliveries",
            with(minimalConsumer(), "consumer.dead.letter.topic", TOPIC + "-dlq"),
            "consumer.dead.letter.topic: needs consumer.dead.letter.max.redeliveries of 1 or"
                + " more"),
        Arguments.of(
            "redelivery backoff that shrinks",
            with(
                minimalConsumer(),
                "consumer.nack.redelivery.delay",
                "10s",
                "consumer.nack.redelivery.max.delay",
                "5s"),
            "consumer.nack.redelivery.max.delay: is shorter than consumer.nack.redelivery.delay"
                + " (PT10S); make it as long or longer"),
        Arguments.of(
            "producer key in the consumer file",
            with(minimalConsumer(), "producer.interval", "5s"),
            "producer.interval: unknown key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConsumerFiles")
  void aBadConsumerFileIsRefusedNamingTheKeyAndTheFix(
      String description, Properties file, String expected) {
    assertThatThrownBy(() -> new ConfigLoader("consumer.properties", file, Map.of()).consumer())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Properties file = properties("producer.interval", "soon", "producer.colour", "red");

    assertThatThrownBy(() -> new ConfigLoader("f", file, Map.of()).producer())
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(p -> p.startsWith("client.service.url:"))
                    .anyMatch(p -> p.startsWith("producer.topic:"))
                    .anyMatch(p -> p.startsWith("producer.interval:"))
                    .anyMatch(p -> p.startsWith("producer.colour: unknown key")));
  }

  @Test
  void credentialsOfTwoMethodsAreRefusedNamingBoth(@TempDir Path dir) throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "a");
    Path keyFile = Files.writeString(dir.resolve("credentials.json"), KEY_FILE_JSON);
    Properties file =
        with(
            minimalProducer(),
            "client.auth.token.file",
            token.toString(),
            "client.auth.oauth2.issuer.url",
            "https://auth.example.com/",
            "client.auth.oauth2.credentials.file",
            keyFile.toString());

    assertThatThrownBy(() -> new ConfigLoader("f", file, Map.of()).producer())
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "client.auth.oauth2.credentials.file and client.auth.token.file both give"
                            + " credentials; keep one"));
  }

  @Test
  void credentialsOfAllThreeMethodsAreRefusedNamingEach(@TempDir Path dir) throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "a");
    Path pem = Files.writeString(dir.resolve("tls.pem"), "pem");
    Properties file =
        with(
            minimalProducer(),
            "client.service.url",
            "pulsar+ssl://pulsar:6651",
            "client.auth.token.file",
            token.toString(),
            "client.auth.oauth2.audience",
            "urn:pulsar",
            "client.auth.tls.key.file",
            pem.toString());

    assertThatThrownBy(() -> new ConfigLoader("f", file, Map.of()).producer())
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "client.auth.oauth2.audience, client.auth.tls.key.file and"
                            + " client.auth.token.file all give credentials; keep one")
                    // Each method's own gaps are reported too.
                    .anyMatch(p -> p.startsWith("client.auth.oauth2.issuer.url: is required"))
                    .anyMatch(p -> p.startsWith("client.auth.oauth2.credentials.file: is required"))
                    .anyMatch(p -> p.startsWith("client.auth.tls.cert.file: is required")));
  }

  @Test
  void theProblemsOfAFileAreAllReportedAtOnce(@TempDir Path dir) {
    Properties file =
        with(
            minimalProducer(),
            "client.service.url",
            "pulsar://pulsar:6650",
            "client.auth.tls.cert.file",
            dir.resolve("tls.crt").toString(),
            "client.tls.trust.certs.file",
            dir.toString(),
            "client.tls.hostname.verification",
            "no");

    assertThatThrownBy(() -> new ConfigLoader("f", file, Map.of()).producer())
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "client.auth.tls.cert.file: cannot read "
                            + dir.resolve("tls.crt")
                            + "; mount the client certificate Secret (kubernetes.io/tls) there",
                        "client.auth.tls.cert.file: a client certificate is only presented over"
                            + " TLS, but client.service.url is pulsar://; use"
                            + " pulsar+ssl://host:6651",
                        "client.auth.tls.key.file: is required with client.auth.tls.cert.file;"
                            + " mount the client certificate Secret (kubernetes.io/tls) and set"
                            + " the path of its tls.key, e.g."
                            + " /var/run/secrets/purchasestream/tls-client/tls.key",
                        "client.tls.trust.certs.file: cannot read "
                            + dir
                            + ": it is a directory; set the path of the CA Secret's file in it",
                        "client.tls.hostname.verification: 'no' is not allowed; use one of true,"
                            + " false (exact spelling)"));
  }

  @Test
  void aMissingFileSaysHowToPointAtAnother(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.fromFile(dir.resolve("nope.properties"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read the properties file")
        .hasMessageContaining("pass --config <path> or set PURCHASESTREAM_CONFIG");
  }

  private static Properties with(Properties base, String... keyValues) {
    Properties copy = new Properties();
    copy.putAll(base);
    copy.putAll(properties(keyValues));
    return copy;
  }

  private static Properties without(Properties base, String key) {
    Properties copy = new Properties();
    copy.putAll(base);
    copy.remove(key);
    return copy;
  }
}
