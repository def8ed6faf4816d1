package io.letspulsar.operator.pulsar;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One admin client per admin URL, shared by every PurchaseStream that uses that Pulsar. */
public final class PulsarConnections implements AutoCloseable {
  /** Makes the client for an admin URL; the real one connects with {@link AdminPulsarTopics}. */
  @FunctionalInterface
  public interface Factory {
    PulsarTopics connect(String adminUrl) throws PulsarException;
  }

  private final Factory factory;
  private final Map<String, PulsarTopics> byAdminUrl = new ConcurrentHashMap<>();

  public PulsarConnections(Factory factory) {
    this.factory = factory;
  }

  public PulsarTopics forAdminUrl(String adminUrl) throws PulsarException {
    PulsarTopics existing = byAdminUrl.get(adminUrl);
    if (existing != null) {
      return existing;
    }
    PulsarTopics made = factory.connect(adminUrl);
    PulsarTopics raced = byAdminUrl.putIfAbsent(adminUrl, made);
    if (raced != null) {
      made.close();
      return raced;
    }
    return made;
  }

  @Override
  public void close() {
    byAdminUrl.values().forEach(PulsarTopics::close);
    byAdminUrl.clear();
  }
}
