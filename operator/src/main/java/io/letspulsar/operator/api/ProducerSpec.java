package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.contract.Durations;
import java.util.List;

/** The producer container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProducerSpec {
  @JsonPropertyDescription("Run the producer container.")
  @Default("true")
  public Boolean enabled;

  @JsonPropertyDescription(
      "Pause between purchases, e.g. 5s, 500ms; 0s = as fast as the broker" + " allows.")
  @Default(ConfigKeys.DEFAULT_INTERVAL)
  @Pattern(Durations.PATTERN)
  public String interval;

  @JsonPropertyDescription("Users (message keys); default: the demo's six users.")
  public List<String> users;

  @JsonPropertyDescription("Items (payloads); default: the demo's five items.")
  public List<String> items;

  @JsonPropertyDescription("CPU and memory of the producer container.")
  public ResourceRequirements resources;
}
