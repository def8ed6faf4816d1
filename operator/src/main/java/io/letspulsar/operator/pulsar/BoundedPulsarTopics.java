package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.TopicPlan;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Bounds what one Pulsar cluster that stops answering can hold: once a call to it timed out ({@link
 * PulsarException.Reason#NOT_RESPONDING}), one call at a time tries it again while every other call
 * fails at once with that same failure, so the reconcile threads stay free for streams on other
 * clusters; the first answer ends it. A cluster that answers is never held back. One per cluster,
 * over the calls that reach it.
 */
public final class BoundedPulsarTopics implements PulsarTopics {
  private final PulsarTopics real;
  private final Semaphore probe = new Semaphore(1);
  private volatile PulsarException unresponsive;

  public BoundedPulsarTopics(PulsarTopics real) {
    this.real = real;
  }

  /** A call to Pulsar that may fail as Pulsar does. */
  @FunctionalInterface
  private interface Call<T> {
    T call() throws PulsarException;
  }

  private <T> T bounded(Call<T> call) throws PulsarException {
    PulsarException last = unresponsive;
    if (last == null) {
      return watched(call);
    }
    if (!probe.tryAcquire()) {
      // The same message as the call that timed out: the streams' statuses do not flap.
      throw new PulsarException(last.reason(), last.getMessage(), last);
    }
    try {
      return watched(call);
    } finally {
      probe.release();
    }
  }

  private <T> T watched(Call<T> call) throws PulsarException {
    try {
      T result = call.call();
      unresponsive = null;
      return result;
    } catch (PulsarException e) {
      if (e.reason() == PulsarException.Reason.NOT_RESPONDING) {
        unresponsive = e;
      }
      throw e;
    }
  }

  /** A call to Pulsar that returns nothing. */
  @FunctionalInterface
  private interface Action {
    void run() throws PulsarException;
  }

  private void run(Action action) throws PulsarException {
    bounded(
        () -> {
          action.run();
          return null;
        });
  }

  @Override
  public Optional<TopicState> describe(String topic) throws PulsarException {
    return bounded(() -> real.describe(topic));
  }

  @Override
  public void create(String topic, int partitions, Map<String, String> properties)
      throws PulsarException {
    run(() -> real.create(topic, partitions, properties));
  }

  @Override
  public void growPartitions(String topic, int partitions) throws PulsarException {
    run(() -> real.growPartitions(topic, partitions));
  }

  @Override
  public void createSubscription(String topic, String subscription) throws PulsarException {
    run(() -> real.createSubscription(topic, subscription));
  }

  @Override
  public void applyPolicies(TopicPlan plan, TopicState current) throws PulsarException {
    run(() -> real.applyPolicies(plan, current));
  }

  @Override
  public void setProperties(String topic, Map<String, String> properties) throws PulsarException {
    run(() -> real.setProperties(topic, properties));
  }

  @Override
  public void removeProperties(String topic, Set<String> keys) throws PulsarException {
    run(() -> real.removeProperties(topic, keys));
  }

  @Override
  public void grant(String topic, String role) throws PulsarException {
    run(() -> real.grant(topic, role));
  }

  @Override
  public void revoke(String topic, String role) throws PulsarException {
    run(() -> real.revoke(topic, role));
  }

  @Override
  public void delete(String topic) throws PulsarException {
    run(() -> real.delete(topic));
  }

  @Override
  public Map<String, RawStats> topicStats() throws PulsarException {
    return bounded(real::topicStats);
  }

  @Override
  public Map<String, RawStats> stats(String topic, int partitions) throws PulsarException {
    return bounded(() -> real.stats(topic, partitions));
  }

  @Override
  public String check(Collection<String> administered) throws PulsarException {
    return bounded(() -> real.check(administered));
  }

  @Override
  public void close() {
    real.close();
  }
}
