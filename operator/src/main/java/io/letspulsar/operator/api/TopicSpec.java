package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.letspulsar.contract.Durations;

/** The topic, made and kept in shape through Pulsar's admin API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicSpec {
  /** Pulsar's allowed characters for tenants, namespaces and topic names. */
  static final String NAME_PATTERN = "^[-=:.\\w]+$";

  @JsonPropertyDescription("Pulsar tenant; immutable.")
  @Default("public")
  @Pattern(NAME_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "topic.tenant is immutable")
  public String tenant;

  @JsonPropertyDescription("Pulsar namespace; immutable.")
  @Default("default")
  @Pattern(NAME_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "topic.namespace is immutable")
  public String namespace;

  @JsonPropertyDescription("Topic name (default: the PurchaseStream's name); immutable.")
  @Pattern(NAME_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "topic.name is immutable")
  public String name;

  @JsonPropertyDescription("persistent:// (true) or non-persistent:// (false); immutable.")
  @Default("true")
  @ValidationRule(value = "self == oldSelf", message = "topic.persistent is immutable")
  public Boolean persistent;

  @JsonPropertyDescription(
      "0 = one non-partitioned topic; more = that many partitions. May grow," + " never shrink.")
  @Default("0")
  @Min(0)
  @ValidationRule(value = "self >= oldSelf", message = "topic.partitions can grow, never shrink")
  public Integer partitions;

  @JsonPropertyDescription(
      "Retention topic policy: how long and how much acknowledged data to" + " keep.")
  public Retention retention;

  @JsonPropertyDescription(
      "Message TTL topic policy, e.g. 1h: unacknowledged messages older than" + " this expire.")
  @Pattern(Durations.PATTERN)
  public String messageTtl;

  @JsonPropertyDescription(
      "Take over a topic that exists but no living PurchaseStream made; without it such a topic"
          + " is refused, and never changed.")
  @Default("false")
  public Boolean adoptExisting;

  @JsonPropertyDescription(
      "What happens to the topic when the PurchaseStream is deleted: Delete deletes it (only if"
          + " this stream owns it, never while clients of others are attached), Retain keeps it"
          + " and lets it go (a later stream may adopt it).")
  @Default("Retain")
  public DeletionPolicy deletionPolicy;

  /** Retention policy. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Retention {
    @JsonPropertyDescription("Time to keep acknowledged messages, e.g. 7d, 12h, 30m.")
    @Pattern("^[0-9]+[mhdw]$")
    public String time;

    @JsonPropertyDescription("Size to keep acknowledged messages, e.g. 1Gi, 500Mi.")
    @Pattern("^[0-9]+(Ki|Mi|Gi|Ti)$")
    public String size;
  }

  /** Retain or Delete. */
  public enum DeletionPolicy {
    Retain,
    Delete
  }
}
