package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.PulsarCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin clients of the Pulsar clusters the operator uses: one per cluster identity, shared by
 * every stream on it. A client is closed when its cluster's settings or credentials change (a new
 * identity), when it went unused for a while, or when more clusters than the bound are in use (the
 * least recently used goes); closed clients are made again on demand.
 */
public final class PulsarConnections implements AutoCloseable {
  /** Makes the client of a cluster; the real one connects with {@link AdminPulsarTopics}. */
  @FunctionalInterface
  public interface Factory {
    PulsarTopics connect(PulsarCluster cluster) throws PulsarException;
  }

  private record Client(String name, PulsarTopics topics, Instant lastUsed) {}

  private final Factory factory;
  private final int bound;
  private final Duration idle;
  private final Clock clock;
  // Access order: the first entry is the least recently used.
  private final Map<String, Client> byIdentity = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * @param bound clients open at most
   * @param idle how long an unused client stays open
   */
  public PulsarConnections(Factory factory, int bound, Duration idle, Clock clock) {
    this.factory = factory;
    this.bound = bound;
    this.idle = idle;
    this.clock = clock;
  }

  /** The client of a cluster, made when there is none for its identity. */
  public PulsarTopics topics(PulsarCluster cluster) throws PulsarException {
    List<PulsarTopics> closing = new ArrayList<>();
    PulsarTopics topics;
    synchronized (this) {
      Instant now = clock.instant();
      Client client = byIdentity.get(cluster.identity());
      if (client == null) {
        // Another identity of the same cluster is out of date: its settings changed.
        retire(cluster.name(), closing);
        client = new Client(cluster.name(), factory.connect(cluster), now);
      }
      byIdentity.put(cluster.identity(), new Client(client.name(), client.topics(), now));
      topics = client.topics();
      for (Iterator<Client> oldest = byIdentity.values().iterator(); oldest.hasNext(); ) {
        Client candidate = oldest.next();
        if (byIdentity.size() > bound || candidate.lastUsed().plus(idle).isBefore(now)) {
          oldest.remove();
          closing.add(candidate.topics());
        }
      }
    }
    closing.forEach(PulsarTopics::close);
    return topics;
  }

  /** Closes the client of a cluster whose credentials were refused: the next one reads them. */
  public void evict(PulsarCluster cluster) {
    Client client;
    synchronized (this) {
      client = byIdentity.remove(cluster.identity());
    }
    if (client != null) {
      client.topics().close();
    }
  }

  private void retire(String name, List<PulsarTopics> closing) {
    byIdentity
        .values()
        .removeIf(
            client -> {
              if (client.name().equals(name)) {
                closing.add(client.topics());
                return true;
              }
              return false;
            });
  }

  /** How many clients are open. */
  public synchronized int open() {
    return byIdentity.size();
  }

  @Override
  public void close() {
    List<Client> all;
    synchronized (this) {
      all = List.copyOf(byIdentity.values());
      byIdentity.clear();
    }
    all.forEach(client -> client.topics().close());
  }
}
