package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** TLS towards Pulsar: which CA to trust, and whether the broker's name is checked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PulsarTls {
  @JsonPropertyDescription(
      "The Secret key holding the CA certificate(s), PEM; default: the JVM's trusted CAs.")
  public SecretKeyRef trustCertsSecretRef;

  @JsonPropertyDescription(
      "Check that the broker's certificate names the host in the URL. Leave on: off lets anyone"
          + " with a certificate from the CA pose as the broker.")
  @Default("true")
  public Boolean verifyHostname;
}
