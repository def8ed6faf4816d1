package io.letspulsar.operator.connection;

import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.model.Tenancy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operator's own Pulsar cluster from the environment the Helm chart sets: its URLs, its
 * credentials as files of a Secret mounted into the operator's pod (never read through the API),
 * the TLS trust and the tenancy rules. Problems are collected, each naming its variable.
 */
public final class OwnPulsar {
  public static final String SERVICE_URL = "PULSAR_SERVICE_URL";
  public static final String ADMIN_URL = "PULSAR_ADMIN_URL";
  public static final String AUTH_METHOD = "PULSAR_AUTH_METHOD";
  public static final String AUTH_DIR = "PULSAR_AUTH_DIR";
  public static final String OAUTH2_ISSUER_URL = "PULSAR_OAUTH2_ISSUER_URL";
  public static final String OAUTH2_AUDIENCE = "PULSAR_OAUTH2_AUDIENCE";
  public static final String OAUTH2_SCOPE = "PULSAR_OAUTH2_SCOPE";
  public static final String TLS_TRUST_CERTS_FILE = "PULSAR_TLS_TRUST_CERTS_FILE";
  public static final String TLS_VERIFY_HOSTNAME = "PULSAR_TLS_VERIFY_HOSTNAME";
  public static final String TENANCY = "PULSAR_TENANCY";

  /** Every variable read here. */
  public static final List<String> VARIABLES =
      List.of(
          SERVICE_URL,
          ADMIN_URL,
          AUTH_METHOD,
          AUTH_DIR,
          OAUTH2_ISSUER_URL,
          OAUTH2_AUDIENCE,
          OAUTH2_SCOPE,
          TLS_TRUST_CERTS_FILE,
          TLS_VERIFY_HOSTNAME,
          TENANCY);

  /** Where the chart mounts the credentials' Secret. */
  public static final String DEFAULT_AUTH_DIR = "/etc/purchasestream-operator/pulsar-auth";

  private OwnPulsar() {}

  /**
   * @param get a variable's value, empty when unset or blank
   * @param problems where each problem goes, the variable named and the fix
   */
  public static PulsarCluster fromEnvironment(
      Function<String, Optional<String>> get, List<String> problems) {
    String serviceUrl = get.apply(SERVICE_URL).orElse("pulsar://localhost:6650");
    if (!serviceUrl.matches("^pulsar(\\+ssl)?://[^@/\\s]+$")) {
      problems.add(SERVICE_URL + "='" + serviceUrl + "': use pulsar://host:6650");
    }
    String adminUrl = get.apply(ADMIN_URL).orElse("http://localhost:8080");
    if (!adminUrl.matches("^https?://[^@/\\s]+(/\\S*)?$")) {
      problems.add(
          ADMIN_URL + "='" + adminUrl + "': use http://host:8080, without credentials in it");
    }
    Path dir = Path.of(get.apply(AUTH_DIR).orElse(DEFAULT_AUTH_DIR));
    String method = get.apply(AUTH_METHOD).orElse("none");
    PulsarCluster.Credentials credentials =
        switch (method) {
          case "none" -> new PulsarCluster.None();
          case "token" -> new PulsarCluster.Token(dir.resolve("token"));
          case "tls" -> new PulsarCluster.Tls(dir.resolve("tls.crt"), dir.resolve("tls.key"));
          case "oauth2" -> {
            Optional<String> issuer = get.apply(OAUTH2_ISSUER_URL);
            if (issuer.isEmpty() || !issuer.get().matches("^https?://\\S+$")) {
              problems.add(
                  OAUTH2_ISSUER_URL
                      + " is required with "
                      + AUTH_METHOD
                      + "=oauth2: the issuer, e.g. https://auth.example.com/");
            }
            yield new PulsarCluster.OAuth2(
                issuer.orElse(""),
                get.apply(OAUTH2_AUDIENCE).orElse(null),
                get.apply(OAUTH2_SCOPE).orElse(null),
                dir.resolve("credentials.json"));
          }
          default -> {
            problems.add(AUTH_METHOD + "='" + method + "': use none, token, oauth2 or tls");
            yield new PulsarCluster.None();
          }
        };
    String verify = get.apply(TLS_VERIFY_HOSTNAME).orElse("true");
    if (!verify.equals("true") && !verify.equals("false")) {
      problems.add(TLS_VERIFY_HOSTNAME + "='" + verify + "': use true or false");
    }
    Tenancy tenancy = Tenancy.OPEN;
    try {
      tenancy = get.apply(TENANCY).map(Tenancy::parse).orElse(Tenancy.OPEN);
    } catch (IllegalArgumentException e) {
      problems.add(TENANCY + ": " + e.getMessage());
    }
    return new PulsarCluster(
        PulsarCluster.DEFAULT,
        PulsarCluster.DEFAULT,
        adminUrl,
        serviceUrl,
        credentials,
        get.apply(TLS_TRUST_CERTS_FILE).map(Path::of),
        !verify.equals("false"),
        tenancy);
  }
}
