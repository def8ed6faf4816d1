package io.letspulsar.testing;

import java.util.Map;
import org.apache.pulsar.client.admin.PulsarAdmin;

/**
 * A real Pulsar standalone broker (broker + one bookie + RocksDB metadata) running in this JVM,
 * bound to 127.0.0.1 (or a {@link PodNetwork}'s host address, for pods to reach it) on free ports,
 * with its data under a fresh temporary directory.
 *
 * <p>Ports and data survive {@link #stop()} and {@link #start()}, so a test can take the broker
 * away and bring it back without losing what it stored. {@link #close()} stops it and deletes the
 * data.
 */
public final class EmbeddedPulsar implements AutoCloseable {
  private final String address;
  private final int brokerPort;
  private final int webPort;
  private final StandaloneBroker broker;

  private EmbeddedPulsar(String address, int brokerPort, int webPort) {
    this.address = address;
    this.brokerPort = brokerPort;
    this.webPort = webPort;
    this.broker =
        new StandaloneBroker(
            StandaloneBroker.newHome("embedded-pulsar-"),
            Map.of(
                "advertisedAddress",
                address,
                "bindAddress",
                address,
                "brokerServicePort",
                Integer.toString(brokerPort),
                "webServicePort",
                Integer.toString(webPort)),
            () -> PulsarAdmin.builder().serviceHttpUrl(adminUrl()));
  }

  /** Creates and starts a broker; blocks until it accepts clients (about 8 s cold). */
  public static EmbeddedPulsar startNew() {
    return startNew(Loopback.ADDRESS);
  }

  /**
   * A broker bound to {@code address}: {@link Loopback#ADDRESS}, or a {@link PodNetwork}'s host
   * address, where pods reach it (and nothing beyond the machine does).
   */
  public static EmbeddedPulsar startNew(String address) {
    EmbeddedPulsar pulsar = new EmbeddedPulsar(address, FreePorts.next(), FreePorts.next());
    try {
      pulsar.start();
    } catch (RuntimeException e) {
      pulsar.close();
      throw e;
    }
    return pulsar;
  }

  public String serviceUrl() {
    return "pulsar://" + address + ":" + brokerPort;
  }

  public String adminUrl() {
    return "http://" + address + ":" + webPort;
  }

  public boolean isRunning() {
    return broker.isRunning();
  }

  /** Starts the broker again on the same ports and data after {@link #stop()}. */
  public void start() {
    broker.start();
  }

  /** Stops the broker and its bookie; data and ports are kept for {@link #start()}. */
  public void stop() {
    broker.stop();
  }

  /** An admin client for this broker, made once and closed with it. */
  public PulsarAdmin admin() {
    return broker.admin();
  }

  @Override
  public void close() {
    broker.close();
  }
}
