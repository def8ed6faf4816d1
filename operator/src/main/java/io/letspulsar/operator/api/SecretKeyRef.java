package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the PurchaseStream's namespace. */
public class SecretKeyRef {
  @JsonPropertyDescription("Name of the Secret.")
  @Required
  public String name;

  @JsonPropertyDescription("Key in the Secret's data.")
  @Required
  public String key;
}
