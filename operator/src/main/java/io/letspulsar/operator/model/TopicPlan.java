package io.letspulsar.operator.model;

import io.letspulsar.contract.Durations;
import io.letspulsar.operator.api.TopicSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * The topic a PurchaseStream asks for, in Pulsar's units. Pure. Every value the CRD accepts fits
 * them exactly; a value it no longer accepts (stored under an older CRD) fails with the field named
 * rather than overflowing.
 *
 * @param topic the full name, e.g. {@code persistent://public/default/purchases}
 * @param tenant the Pulsar tenant
 * @param namespace the Pulsar namespace in the tenant
 * @param partitions 0 for a non-partitioned topic
 * @param retention empty: no retention policy on the topic
 * @param messageTtlSeconds empty: no TTL policy on the topic
 */
public record TopicPlan(
    String topic,
    String tenant,
    String namespace,
    int partitions,
    Optional<Retention> retention,
    Optional<Integer> messageTtlSeconds) {

  /**
   * Pulsar's retention policy as the operator sends it. Pulsar refuses 0 on one side with a limit
   * on the other (0 and 0 means no retention), so a side the stream leaves out is sent as {@link
   * #UNLIMITED}: the other side alone decides.
   *
   * @param minutes how long acknowledged messages are kept, or {@link #UNLIMITED}
   * @param megabytes how much of them is kept, or {@link #UNLIMITED}
   */
  public record Retention(int minutes, long megabytes) {
    /** Pulsar's "no limit" on one side of a retention policy. */
    public static final int UNLIMITED = -1;
  }

  /**
   * The plan of the topic's dead-letter topic: not partitioned, no retention or TTL of its own (its
   * subscription keeps the dead letters until they are read).
   */
  public TopicPlan deadLetter() {
    return new TopicPlan(
        Names.deadLetterTopic(tenant, namespace, topic),
        tenant,
        namespace,
        0,
        Optional.empty(),
        Optional.empty());
  }

  /** The plan of a stream's topic spec; the topic's name defaults to the stream's. */
  static TopicPlan of(TopicSpec spec, String streamName) {
    String tenant = Optional.ofNullable(spec.tenant).orElse(Names.DEFAULT_TENANT);
    String namespace = Optional.ofNullable(spec.namespace).orElse(Names.DEFAULT_NAMESPACE);
    return new TopicPlan(
        Names.topic(
            !Boolean.FALSE.equals(spec.persistent),
            tenant,
            namespace,
            Optional.ofNullable(spec.name).orElse(streamName)),
        tenant,
        namespace,
        Optional.ofNullable(spec.partitions).orElse(0),
        Optional.ofNullable(spec.retention)
            .filter(r -> r.time != null || r.size != null)
            .map(
                r ->
                    new Retention(
                        r.time == null ? Retention.UNLIMITED : minutes(r.time),
                        r.size == null ? Retention.UNLIMITED : megabytes(r.size))),
        Optional.ofNullable(spec.messageTtl).map(TopicPlan::ttlSeconds));
  }

  /** {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w} (the CRD's pattern) in minutes. */
  static int minutes(String time) {
    try {
      long amount = Long.parseLong(time.substring(0, time.length() - 1));
      long perUnit =
          switch (time.charAt(time.length() - 1)) {
            case 'm' -> 1;
            case 'h' -> 60;
            case 'd' -> 60 * 24;
            case 'w' -> 60 * 24 * 7;
            default -> throw new NumberFormatException("no unit");
          };
      return Math.toIntExact(Math.multiplyExact(amount, perUnit));
    } catch (NumberFormatException | ArithmeticException | IndexOutOfBoundsException e) {
      throw unfit("spec.topic.retention.time", time, "whole minutes in an int");
    }
  }

  /**
   * {@code 500Mi}, {@code 1Gi}, {@code 2Ti} (the CRD's pattern) in megabytes; {@code Ki}, which an
   * older CRD took, rounded up to whole megabytes so that it never becomes 0 (no limit).
   */
  static long megabytes(String size) {
    try {
      long amount = Long.parseLong(size.substring(0, size.length() - 2));
      return switch (size.substring(size.length() - 2)) {
        case "Ki" -> amount / 1024 + (amount % 1024 == 0 ? 0 : 1);
        case "Mi" -> amount;
        case "Gi" -> Math.multiplyExact(amount, 1024L);
        case "Ti" -> Math.multiplyExact(amount, 1024L * 1024);
        default -> throw new NumberFormatException("no unit");
      };
    } catch (NumberFormatException | ArithmeticException | IndexOutOfBoundsException e) {
      throw unfit("spec.topic.retention.size", size, "whole megabytes in a long");
    }
  }

  /**
   * A TTL (the CRD's pattern) in whole seconds, Pulsar's unit. Part of a second, which an older CRD
   * took, is rounded up: a TTL never becomes 0, which Pulsar reads as no TTL.
   */
  static int ttlSeconds(String ttl) {
    Duration duration =
        Durations.parse(ttl)
            .orElseThrow(() -> unfit("spec.topic.messageTtl", ttl, "a duration in milliseconds"));
    long millis = duration.toMillis();
    try {
      return Math.toIntExact(millis / 1000 + (millis % 1000 == 0 ? 0 : 1));
    } catch (ArithmeticException e) {
      throw unfit("spec.topic.messageTtl", ttl, "whole seconds in an int");
    }
  }

  private static IllegalArgumentException unfit(String field, String value, String unit) {
    return new IllegalArgumentException(
        field + " " + value + " does not fit Pulsar's " + unit + "; apply a value the CRD accepts");
  }
}
