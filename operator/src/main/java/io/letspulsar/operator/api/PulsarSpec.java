package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * Which Pulsar the stream uses and how its workload authenticates. A stream names no URL: the
 * operator only talks to Pulsar clusters its administrators declared (the Helm values or a
 * PulsarConnection), so a stream cannot point the operator's credentials anywhere else.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PulsarSpec {
  /** A role: no space, and nothing that would change the admin API's URL path it is sent in. */
  static final String ROLE = "^[^\\s/\\\\%{}?#]+$";

  static final int ROLE_MAX = 256;

  @JsonPropertyDescription(
      "A PulsarConnection in the operator's namespace; default: the operator's own Pulsar (Helm"
          + " values). The connection decides which Pulsar namespaces this namespace may use."
          + " Immutable, also by leaving it out: the topic, its grant and its subscription would"
          + " stay behind on the other cluster.")
  @Pattern(Validation.DNS_SUBDOMAIN)
  @Size(max = Validation.DNS_SUBDOMAIN_MAX)
  public String connection;

  @JsonPropertyDescription(
      "The Pulsar role the workload authenticates as; the operator grants it produce and"
          + " consume on the topic, and takes the grant away with the stream. No spaces, none of"
          + " / \\ % { } ? # (the role travels in the admin API's URL path), at most "
          + ROLE_MAX
          + " characters.")
  @Pattern(ROLE)
  @Size(max = ROLE_MAX)
  public String role;

  @JsonPropertyDescription(
      "How the workload authenticates; the Secrets are in the stream's namespace and are mounted"
          + " into the pods as files.")
  public PulsarAuthentication authentication;

  @JsonPropertyDescription("TLS trust of the workload for a pulsar+ssl:// connection.")
  public PulsarTls tls;
}
