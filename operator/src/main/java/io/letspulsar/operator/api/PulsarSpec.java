package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** How to reach Pulsar. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PulsarSpec {
  @JsonPropertyDescription("Broker service URL for the workload, e.g. pulsar://pulsar:6650.")
  @Pattern("^pulsar(\\+ssl)?://.+")
  public String serviceUrl;

  @JsonPropertyDescription("Admin (HTTP) URL the operator manages the topic with.")
  @Pattern("^https?://.+")
  public String adminUrl;

  @JsonPropertyDescription("Token authentication; the token stays in its Secret.")
  public Authentication authentication;

  @JsonPropertyDescription("TLS: the CA certificates to trust.")
  public Tls tls;

  /** Token authentication. */
  public static class Authentication {
    @JsonPropertyDescription("The Secret key holding the token.")
    public SecretKeyRef tokenSecretRef;
  }

  /** TLS trust. */
  public static class Tls {
    @JsonPropertyDescription("The Secret key holding the CA certificate(s), PEM.")
    public SecretKeyRef trustCertsSecretRef;
  }
}
