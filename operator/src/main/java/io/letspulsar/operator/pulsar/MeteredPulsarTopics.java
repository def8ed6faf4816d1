package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.TopicPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Counts the admin calls made through it as Prometheus metrics ({@code
 * purchasestream_pulsar_admin_calls_total{kind}}): {@code read} (looking at a topic or a
 * connection), {@code write}, and {@code stats} (reading live figures: one per broker per stats
 * period in bulk, one per stream and period for a role that is not a super-user). A steady state
 * shows no writes.
 */
public final class MeteredPulsarTopics implements PulsarTopics {
  private final PulsarTopics real;
  private final Counter reads;
  private final Counter writes;
  private final Counter stats;

  public MeteredPulsarTopics(PulsarTopics real, MeterRegistry registry) {
    this.real = real;
    this.reads = counter(registry, "read");
    this.writes = counter(registry, "write");
    this.stats = counter(registry, "stats");
  }

  private static Counter counter(MeterRegistry registry, String kind) {
    return Counter.builder("purchasestream.pulsar.admin.calls")
        .description("calls to Pulsar's admin API")
        .tag("kind", kind)
        .register(registry);
  }

  public long reads() {
    return (long) reads.count();
  }

  public long writes() {
    return (long) writes.count();
  }

  public long statsReads() {
    return (long) stats.count();
  }

  @Override
  public Optional<TopicState> describe(String topic) throws PulsarException {
    reads.increment();
    return real.describe(topic);
  }

  @Override
  public void create(String topic, int partitions, Map<String, String> properties)
      throws PulsarException {
    writes.increment();
    real.create(topic, partitions, properties);
  }

  @Override
  public void growPartitions(String topic, int partitions) throws PulsarException {
    writes.increment();
    real.growPartitions(topic, partitions);
  }

  @Override
  public void createSubscription(String topic, String subscription) throws PulsarException {
    writes.increment();
    real.createSubscription(topic, subscription);
  }

  @Override
  public void applyPolicies(TopicPlan plan, TopicState current) throws PulsarException {
    writes.increment();
    real.applyPolicies(plan, current);
  }

  @Override
  public void setProperties(String topic, Map<String, String> properties) throws PulsarException {
    writes.increment();
    real.setProperties(topic, properties);
  }

  @Override
  public void removeProperties(String topic, Set<String> keys) throws PulsarException {
    writes.increment();
    real.removeProperties(topic, keys);
  }

  @Override
  public void grant(String topic, String role) throws PulsarException {
    writes.increment();
    real.grant(topic, role);
  }

  @Override
  public void revoke(String topic, String role) throws PulsarException {
    writes.increment();
    real.revoke(topic, role);
  }

  @Override
  public String check(Collection<String> administered) throws PulsarException {
    reads.increment();
    return real.check(administered);
  }

  @Override
  public void delete(String topic) throws PulsarException {
    writes.increment();
    real.delete(topic);
  }

  @Override
  public Map<String, RawStats> topicStats() throws PulsarException {
    stats.increment();
    return real.topicStats();
  }

  @Override
  public Map<String, RawStats> stats(String topic, int partitions) throws PulsarException {
    stats.increment();
    return real.stats(topic, partitions);
  }

  @Override
  public void close() {
    real.close();
  }
}
