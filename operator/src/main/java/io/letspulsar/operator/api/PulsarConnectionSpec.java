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
  /** Rules of one connection. */
  public static final int MAX_RULES = 16;

  /** Kubernetes namespaces of one rule. */
  public static final int MAX_NAMESPACES = 64;

  /**
   * Pulsar namespaces of one rule: the connection's check reads each named tenant and namespace
   * once per stats period, so {@link #MAX_RULES} times this bounds the admin calls.
   */
  public static final int MAX_PULSAR_NAMESPACES = 16;

  /** A Pulsar namespace as tenant/namespace, tenant/* for a whole tenant, or * for all. */
  static final String PULSAR_NAMESPACE = "^(\\*|[-=:.\\w]+/(\\*|[-=:.\\w]+))$";

  @JsonPropertyDescription(
      "Admin (HTTP) URL the operator manages topics with, e.g. https://pulsar.example:8443:"
          + " http(s), a host, a port from 1 to 65535, an optional path, no credentials; at"
          + " most "
          + Validation.URL_MAX
          + " characters.")
  @Required
  @Pattern(Validation.HTTP_URL)
  @Size(max = Validation.URL_MAX)
  public String adminUrl;

  @JsonPropertyDescription(
      "Broker service URL the workload connects to, e.g. pulsar+ssl://pulsar.example:6651:"
          + " pulsar:// or pulsar+ssl://, one host, a port from 1 to 65535 (the workload's"
          + " NetworkPolicy opens that port: no comma-separated hosts), no path; at most "
          + Validation.URL_MAX
          + " characters.")
  @Required
  @Pattern(Validation.SERVICE_URL)
  @Size(max = Validation.URL_MAX)
  public String serviceUrl;

  @JsonPropertyDescription(
      "How the operator authenticates; the Secrets are in the operator's namespace. Leave out for"
          + " a cluster without authentication.")
  public PulsarAuthentication authentication;

  @JsonPropertyDescription("TLS trust for https:// and pulsar+ssl:// URLs.")
  public PulsarTls tls;

  @JsonPropertyDescription(
      "Which Kubernetes namespaces may use which Pulsar namespaces through this connection; a"
          + " PurchaseStream outside these rules is refused. 1 to "
          + MAX_RULES
          + " rules: the operator checks it may administer each tenant and namespace they name,"
          + " once per stats period.")
  @Required
  @Size(min = 1, max = MAX_RULES)
  public List<TenancyRule> tenancy;

  /** Kubernetes namespaces and the Pulsar namespaces their streams may use. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TenancyRule {
    @JsonPropertyDescription(
        "Kubernetes namespaces, or * for all; 1 to " + MAX_NAMESPACES + " of them.")
    @Required
    @Size(min = 1, max = MAX_NAMESPACES)
    public List<@Pattern(Validation.NAMESPACE_OR_ALL) @Size(max = Validation.DNS_LABEL_MAX) String>
        namespaces;

    @JsonPropertyDescription(
        "Pulsar namespaces as tenant/namespace; tenant/* for a whole tenant, * for all; 1 to "
            + MAX_PULSAR_NAMESPACES
            + " of them.")
    @Required
    @Size(min = 1, max = MAX_PULSAR_NAMESPACES)
    public List<@Pattern(PULSAR_NAMESPACE) @Size(max = 2 * Validation.PULSAR_NAME_MAX + 1) String>
        pulsarNamespaces;
  }
}
