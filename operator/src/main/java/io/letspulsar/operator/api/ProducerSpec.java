package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.letspulsar.contract.ConfigKeys;
import java.util.List;

/** The producer container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProducerSpec {
  /**
   * Users and items: at most this many each, of at most {@link #MAX_VALUE_LENGTH}, so both fit the
   * producer's ConfigMap (1 MiB) and the annotation kubectl apply keeps the stream in (256 KiB).
   */
  public static final int MAX_VALUES = 1000;

  /** The length of a user or an item. */
  public static final int MAX_VALUE_LENGTH = 100;

  /**
   * A pause: whole numbers with ms, s, m or h (the workload's {@code Durations}), at most 6 digits
   * a part and 16 characters, so neither CEL's duration() nor Java's arithmetic can overflow.
   */
  static final String INTERVAL = "^([0-9]{1,6}(ms|s|m|h))+$";

  /**
   * A user or an item: the workload reads the list comma-separated and trimmed, so no comma, no
   * space at either end, no control character.
   */
  static final String VALUE = "^[^,\\s]([^,\\x00-\\x1f]*[^,\\s])?$";

  @JsonPropertyDescription("Run the producer container.")
  @Default("true")
  public Boolean enabled;

  @JsonPropertyDescription(
      "Pause between purchases, e.g. 5s, 500ms, 1m30s; 0s = as fast as the broker allows; at"
          + " most 24h.")
  @Default(ConfigKeys.DEFAULT_INTERVAL)
  @Pattern(INTERVAL)
  @Size(max = 16)
  @ValidationRule(
      value = "!self.matches('" + INTERVAL + "') || duration(self) <= duration('24h')",
      message = "producer.interval must be at most 24h")
  public String interval;

  @JsonPropertyDescription(
      "Users (message keys); default: the demo's six users. 1 to "
          + MAX_VALUES
          + " users of up to "
          + MAX_VALUE_LENGTH
          + " characters (with the items, they fit kubectl apply's 256 KiB annotation), without"
          + " commas (the workload reads them as a comma-separated list) or spaces at either"
          + " end.")
  @Size(min = 1, max = MAX_VALUES)
  public List<@Pattern(VALUE) @Size(max = MAX_VALUE_LENGTH) String> users;

  @JsonPropertyDescription(
      "Items (payloads); default: the demo's five items. 1 to "
          + MAX_VALUES
          + " items of up to "
          + MAX_VALUE_LENGTH
          + " characters, without commas or spaces at either end.")
  @Size(min = 1, max = MAX_VALUES)
  public List<@Pattern(VALUE) @Size(max = MAX_VALUE_LENGTH) String> items;

  @JsonPropertyDescription(
      "CPU, memory and ephemeral storage of the producer container: " + ContainerResources.RULES)
  @SchemaFrom(type = ContainerResources.class)
  public ResourceRequirements resources;
}
