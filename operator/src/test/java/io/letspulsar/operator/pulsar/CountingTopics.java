package io.letspulsar.operator.pulsar;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Passes every call to the real topics and counts reads and writes apart. */
public final class CountingTopics implements PulsarTopics {
  private final PulsarTopics real;
  public final AtomicInteger reads = new AtomicInteger();
  public final AtomicInteger writes = new AtomicInteger();

  public CountingTopics(PulsarTopics real) {
    this.real = real;
  }

  @Override
  public Optional<TopicState> describe(String topic) throws PulsarTopicsException {
    reads.incrementAndGet();
    return real.describe(topic);
  }

  @Override
  public void create(String topic, int partitions) throws PulsarTopicsException {
    writes.incrementAndGet();
    real.create(topic, partitions);
  }

  @Override
  public void growPartitions(String topic, int partitions) throws PulsarTopicsException {
    writes.incrementAndGet();
    real.growPartitions(topic, partitions);
  }

  @Override
  public void applyPolicies(TopicPlan plan) throws PulsarTopicsException {
    writes.incrementAndGet();
    real.applyPolicies(plan);
  }

  @Override
  public void delete(String topic) throws PulsarTopicsException {
    writes.incrementAndGet();
    real.delete(topic);
  }

  @Override
  public TopicStats stats(String topic, String subscription) throws PulsarTopicsException {
    reads.incrementAndGet();
    return real.stats(topic, subscription);
  }

  @Override
  public void close() {
    real.close();
  }
}
