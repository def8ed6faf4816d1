package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The topic, made and kept in shape through Pulsar's admin API. Which topic it is (tenant,
 * namespace, name, persistence) never changes, nor do partitions shrink: those rules are on {@link
 * PurchaseStream}, where they also see a field, or the whole topic, being left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicSpec {
  /** A partitioned topic is that many topics on the broker, for good: see the description. */
  public static final int MAX_PARTITIONS = 256;

  /** Retention time: 520 weeks (10 years), in minutes. */
  public static final int MAX_RETENTION_MINUTES = 520 * 7 * 24 * 60;

  /** Retention size: 1024Ti, in megabytes (Pulsar's unit). */
  public static final int MAX_RETENTION_MEGABYTES = 1024 * 1024 * 1024;

  /** Retention time: an amount and a unit, minutes to weeks. */
  static final String RETENTION_TIME = "^[1-9][0-9]{0,6}[mhdw]$";

  /** Retention size: an amount and a binary unit, whole megabytes or more. */
  static final String RETENTION_SIZE = "^[1-9][0-9]{0,9}(Mi|Gi|Ti)$";

  /**
   * A message TTL: whole seconds, in s, m and h; at most 6 digits a part and 16 characters, so
   * neither CEL's duration() nor Java's arithmetic can overflow on it.
   */
  static final String TTL = "^([0-9]{1,6}(s|m|h))+$";

  @JsonPropertyDescription(
      "Pulsar tenant; default: public. Immutable, also by leaving it out: the stream would move"
          + " to another topic. At most "
          + Validation.PULSAR_NAME_MAX
          + " characters.")
  @Default("public")
  @Pattern(Validation.PULSAR_NAME)
  @Size(max = Validation.PULSAR_NAME_MAX)
  public String tenant;

  @JsonPropertyDescription(
      "Pulsar namespace; default: default. Immutable, also by leaving it out: the stream would"
          + " move to another topic. At most "
          + Validation.PULSAR_NAME_MAX
          + " characters.")
  @Default("default")
  @Pattern(Validation.PULSAR_NAME)
  @Size(max = Validation.PULSAR_NAME_MAX)
  public String namespace;

  @JsonPropertyDescription(
      "Topic name; default: the PurchaseStream's name. Immutable, also by leaving it out. At"
          + " most "
          + Validation.PULSAR_NAME_MAX
          + " characters, so each partition's name (<name>-partition-<n>) stays within 255.")
  @Pattern(Validation.PULSAR_NAME)
  @Size(max = Validation.PULSAR_NAME_MAX)
  public String name;

  @JsonPropertyDescription(
      "persistent:// (true) or non-persistent:// (false); default: true. Immutable, also by"
          + " leaving it out.")
  @Default("true")
  public Boolean persistent;

  @JsonPropertyDescription(
      "0 = one non-partitioned topic; more = that many partitions, at most "
          + MAX_PARTITIONS
          + ": each partition is a topic of its own on the broker (its ledgers, and a producer"
          + " and a consumer in every pod), and Pulsar can never take one away, so a slip of"
          + " the keyboard would stay for good. May grow, never shrink (leaving it out means"
          + " 0).")
  @Default("0")
  @Min(0)
  @Max(MAX_PARTITIONS)
  public Integer partitions;

  @JsonPropertyDescription(
      "Retention topic policy: how long and how much acknowledged data to keep. Set time, size"
          + " or both; one left out is not a limit (Pulsar's -1). Leave retention out for the"
          + " namespace's policy.")
  public Retention retention;

  @JsonPropertyDescription(
      "Message TTL topic policy, e.g. 1h, 90s, 1h30m: unacknowledged messages older than this"
          + " expire. Whole seconds (Pulsar's unit) from 1s to 87360h (520 weeks, as"
          + " retention.time); units s, m and h.")
  @Pattern(TTL)
  @Size(max = 16)
  @ValidationRule(
      value =
          "!self.matches('"
              + TTL
              + "') || (duration(self) >= duration('1s') && duration(self) <="
              + " duration('87360h'))",
      message = "topic.messageTtl must be from 1s to 87360h (520 weeks)")
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
  @ValidationRule(
      value = "has(self.time) || has(self.size)",
      message =
          "topic.retention needs time, size or both; leave retention out for the namespace's"
              + " policy")
  public static class Retention {
    @JsonPropertyDescription(
        "Time to keep acknowledged messages, e.g. 30m, 12h, 7d, 2w; from 1m to 520w (10 years:"
            + " Pulsar keeps it as minutes in an int and multiplies them into seconds). Left"
            + " out: no time limit.")
    @Pattern(RETENTION_TIME)
    @Size(max = 8)
    @ValidationRule(
        value =
            "!self.matches('"
                + RETENTION_TIME
                + "') || int(self.substring(0, self.size() - 1)) * {'m': 1, 'h': 60, 'd': 1440,"
                + " 'w': 10080}[self.substring(self.size() - 1)] <= "
                + MAX_RETENTION_MINUTES,
        message = "topic.retention.time must be at most 520w (10 years)")
    public String time;

    @JsonPropertyDescription(
        "Size to keep acknowledged messages, e.g. 500Mi, 1Gi, 2Ti; from 1Mi to 1024Ti (Pulsar"
            + " keeps whole megabytes). Left out: no size limit.")
    @Pattern(RETENTION_SIZE)
    @Size(max = 12)
    @ValidationRule(
        value =
            "!self.matches('"
                + RETENTION_SIZE
                + "') || int(self.substring(0, self.size() - 2)) * {'Mi': 1, 'Gi': 1024, 'Ti':"
                + " 1048576}[self.substring(self.size() - 2)] <= "
                + MAX_RETENTION_MEGABYTES,
        message = "topic.retention.size must be at most 1024Ti")
    public String size;
  }

  /** Retain or Delete. */
  public enum DeletionPolicy {
    Retain,
    Delete
  }
}
