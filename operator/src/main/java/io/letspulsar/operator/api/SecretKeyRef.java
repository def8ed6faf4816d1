package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a Secret in the PurchaseStream's namespace. */
public class SecretKeyRef {
  @JsonPropertyDescription("Name of the Secret (a Kubernetes object name).")
  @Required
  @Pattern(Validation.DNS_SUBDOMAIN)
  @Size(max = Validation.DNS_SUBDOMAIN_MAX)
  public String name;

  @JsonPropertyDescription(
      "Key in the Secret's data: letters, digits, -, _ and ., not . or .. nor starting with ..")
  @Required
  @Pattern(Validation.SECRET_KEY)
  @Size(max = Validation.DNS_SUBDOMAIN_MAX)
  public String key;
}
