package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret, by name. */
public class SecretRef {
  @JsonPropertyDescription("Name of the Secret (a Kubernetes object name).")
  @Required
  @Pattern(Validation.DNS_SUBDOMAIN)
  @Size(max = Validation.DNS_SUBDOMAIN_MAX)
  public String name;
}
