package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Secret, by name. */
public class SecretRef {
  @JsonPropertyDescription("Name of the Secret.")
  @Required
  public String name;
}
