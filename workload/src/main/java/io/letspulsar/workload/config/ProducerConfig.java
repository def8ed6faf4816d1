package io.letspulsar.workload.config;

import io.letspulsar.contract.Batching;
import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.contract.Durations;
import java.time.Duration;
import java.util.List;

/**
 * What the producer sends and how fast.
 *
 * @param interval pause between sends; zero means as fast as the broker allows
 * @param batching how purchases are grouped into broker entries
 * @param maxPending sends in flight at most (unacknowledged by the broker)
 * @param maxMessages stop after this many sends; zero means run until stopped
 */
public record ProducerConfig(
    ClientConfig client,
    String topic,
    Duration interval,
    List<String> users,
    List<String> items,
    Batching batching,
    int maxPending,
    long maxMessages) {

  /** The demo's users, the message keys. */
  public static final List<String> DEMO_USERS =
      List.of("eabara", "jsmith", "sgarcia", "jbernard", "htanaka", "awalther");

  /** The demo's items, the payloads. */
  public static final List<String> DEMO_ITEMS =
      List.of("book", "alarm clock", "t-shirts", "gift card", "batteries");

  public static final Duration DEFAULT_INTERVAL =
      Durations.parse(ConfigKeys.DEFAULT_INTERVAL).orElseThrow();
  public static final int DEFAULT_MAX_PENDING = 1000;
}
