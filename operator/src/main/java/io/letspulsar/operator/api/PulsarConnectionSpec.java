package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A Pulsar cluster as its administrators declare it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PulsarConnectionSpec {
  @JsonPropertyDescription(
      "Admin (HTTP) URL the operator manages topics with, e.g. https://pulsar.example:8443;"
          + " no credentials in it.")
  @Required
  @Pattern("^https?://[^@/\\s]+(/[^@\\s]*)?$")
  public String adminUrl;

  @JsonPropertyDescription(
      "Broker service URL the workload connects to, e.g. pulsar+ssl://pulsar.example:6651.")
  @Required
  @Pattern("^pulsar(\\+ssl)?://[^@/\\s]+$")
  public String serviceUrl;

  @JsonPropertyDescription(
      "How the operator authenticates; the Secrets are in the operator's namespace. Leave out for"
          + " a cluster without authentication.")
  public PulsarAuthentication authentication;

  @JsonPropertyDescription("TLS trust for https:// and pulsar+ssl:// URLs.")
  public PulsarTls tls;

  @JsonPropertyDescription(
      "Which Kubernetes namespaces may use which Pulsar namespaces through this connection; a"
          + " PurchaseStream outside these rules is refused.")
  @Required
  @Size(min = 1)
  public List<TenancyRule> tenancy;

  /** Kubernetes namespaces and the Pulsar namespaces their streams may use. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TenancyRule {
    @JsonPropertyDescription("Kubernetes namespaces, or * for all.")
    @Required
    @Size(min = 1)
    public List<@Pattern("^(\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$") String> namespaces;

    @JsonPropertyDescription(
        "Pulsar namespaces as tenant/namespace; tenant/* for a whole tenant, * for all.")
    @Required
    @Size(min = 1)
    public List<@Pattern("^(\\*|[-=:.\\w]+/(\\*|[-=:.\\w]+))$") String> pulsarNamespaces;
  }
}
