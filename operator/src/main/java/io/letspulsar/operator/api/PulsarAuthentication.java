package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How a client proves who it is to Pulsar: one of a token, OAuth2 client credentials or a TLS
 * client certificate, each from a Secret. The secret itself only ever reaches a process as a
 * mounted file (or, for the operator, is read into memory), never a ConfigMap, an env var or a log.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.tokenSecretRef) ? 1 : 0) + (has(self.oauth2) ? 1 : 0)"
            + " + (has(self.tlsSecretRef) ? 1 : 0) == 1",
    message = "set exactly one of tokenSecretRef, oauth2 and tlsSecretRef")
public class PulsarAuthentication {
  @JsonPropertyDescription("Token (JWT) authentication: the Secret key holding the token.")
  public SecretKeyRef tokenSecretRef;

  @JsonPropertyDescription(
      "OAuth2 client credentials (Pulsar's AuthenticationOAuth2), as managed Pulsar services use.")
  public OAuth2 oauth2;

  @JsonPropertyDescription(
      "TLS client certificate (mTLS): a Secret of type kubernetes.io/tls with tls.crt and"
          + " tls.key; the role is the certificate's common name.")
  public SecretRef tlsSecretRef;

  /** OAuth2 client credentials. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OAuth2 {
    @JsonPropertyDescription(
        "The OAuth2 issuer, e.g. https://auth.example.com/: http(s), a host, a port from 1 to"
            + " 65535, no credentials; at most "
            + Validation.URL_MAX
            + " characters.")
    @Required
    @Pattern(Validation.HTTP_URL)
    @Size(max = Validation.URL_MAX)
    public String issuerUrl;

    @JsonPropertyDescription(
        "The audience to ask tokens for (Pulsar's cluster identifier); not empty, no spaces at"
            + " either end, at most 1024 characters.")
    @Pattern(Validation.TRIMMED)
    @Size(max = 1024)
    public String audience;

    @JsonPropertyDescription(
        "The scope to ask tokens for (space-separated); not empty, no spaces at either end, at"
            + " most 1024 characters.")
    @Pattern(Validation.TRIMMED)
    @Size(max = 1024)
    public String scope;

    @JsonPropertyDescription(
        "The Secret key holding the key file: JSON with client_id and client_secret.")
    @Required
    public SecretKeyRef credentialsSecretRef;
  }
}
