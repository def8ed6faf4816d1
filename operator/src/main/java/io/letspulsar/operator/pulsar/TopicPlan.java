package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.TopicSpec;
import io.letspulsar.operator.model.Names;
import io.letspulsar.workload.config.Durations;
import java.util.Optional;

/**
 * The topic a PurchaseStream asks for, in Pulsar's units. Pure.
 *
 * @param partitions 0 for a non-partitioned topic
 * @param retentionMinutes empty: no retention policy on the topic
 * @param retentionMegabytes empty: no retention policy on the topic
 * @param messageTtlSeconds empty: no TTL policy on the topic
 */
public record TopicPlan(
    String topic,
    int partitions,
    Optional<Integer> retentionMinutes,
    Optional<Integer> retentionMegabytes,
    Optional<Integer> messageTtlSeconds) {

  public static TopicPlan of(PurchaseStream stream) {
    TopicSpec spec = Optional.ofNullable(stream.getSpec().topic).orElseGet(TopicSpec::new);
    Optional<TopicSpec.Retention> retention = Optional.ofNullable(spec.retention);
    return new TopicPlan(
        Names.topic(stream),
        Optional.ofNullable(spec.partitions).orElse(0),
        retention.map(r -> r.time).map(TopicPlan::minutes),
        retention.map(r -> r.size).map(TopicPlan::megabytes),
        Optional.ofNullable(spec.messageTtl)
            .map(ttl -> (int) Durations.parse(ttl).orElseThrow().toSeconds()));
  }

  /** {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w} (the CRD's pattern) in minutes. */
  static int minutes(String time) {
    int amount = Integer.parseInt(time.substring(0, time.length() - 1));
    return switch (time.charAt(time.length() - 1)) {
      case 'm' -> amount;
      case 'h' -> amount * 60;
      case 'd' -> amount * 60 * 24;
      default -> amount * 60 * 24 * 7;
    };
  }

  /** {@code 500Mi}, {@code 1Gi} (the CRD's pattern) in megabytes. */
  static int megabytes(String size) {
    long amount = Long.parseLong(size.substring(0, size.length() - 2));
    long bytes =
        switch (size.substring(size.length() - 2)) {
          case "Ki" -> amount << 10;
          case "Mi" -> amount << 20;
          case "Gi" -> amount << 30;
          default -> amount << 40;
        };
    return (int) Math.max(1, bytes >> 20);
  }
}
