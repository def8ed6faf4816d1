package io.letspulsar.operator.model;

import io.letspulsar.contract.Durations;
import io.letspulsar.operator.api.TopicSpec;
import java.util.Optional;

/**
 * The topic a PurchaseStream asks for, in Pulsar's units. Pure.
 *
 * @param topic the full name, e.g. {@code persistent://public/default/purchases}
 * @param tenant the Pulsar tenant
 * @param namespace the Pulsar namespace in the tenant
 * @param partitions 0 for a non-partitioned topic
 * @param retentionMinutes empty: no retention policy on the topic
 * @param retentionMegabytes empty: no retention policy on the topic
 * @param messageTtlSeconds empty: no TTL policy on the topic
 */
public record TopicPlan(
    String topic,
    String tenant,
    String namespace,
    int partitions,
    Optional<Integer> retentionMinutes,
    Optional<Integer> retentionMegabytes,
    Optional<Integer> messageTtlSeconds) {

  /** The plan of a stream's topic spec; the topic's name defaults to the stream's. */
  static TopicPlan of(TopicSpec spec, String streamName) {
    Optional<TopicSpec.Retention> retention = Optional.ofNullable(spec.retention);
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
