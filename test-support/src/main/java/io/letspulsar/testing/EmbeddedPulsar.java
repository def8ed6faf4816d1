package io.letspulsar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pulsar.PulsarStandaloneStarter;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.PulsarClientException;

/**
 * A real Pulsar standalone broker (broker + one bookie + RocksDB metadata) running in this JVM,
 * bound to 127.0.0.1 on free ports, with its data under a fresh temporary directory.
 *
 * <p>Ports and data survive {@link #stop()} and {@link #start()}, so a test can take the broker
 * away and bring it back without losing what it stored. {@link #close()} stops it and deletes the
 * data.
 */
public final class EmbeddedPulsar implements AutoCloseable {
  private final Path home;
  private final int brokerPort;
  private final int webPort;
  private final int bookiePort;
  private boolean wipeOnStart = true;
  private PulsarStandaloneStarter standalone;
  private PulsarAdmin admin;

  private EmbeddedPulsar(Path home, int brokerPort, int webPort, int bookiePort) {
    this.home = home;
    this.brokerPort = brokerPort;
    this.webPort = webPort;
    this.bookiePort = bookiePort;
  }

  /** Creates and starts a broker; blocks until it accepts clients (about 8 s cold). */
  public static EmbeddedPulsar startNew() {
    try {
      EmbeddedPulsar pulsar =
          new EmbeddedPulsar(
              Files.createTempDirectory("embedded-pulsar-"),
              FreePorts.next(),
              FreePorts.next(),
              FreePorts.next());
      pulsar.start();
      return pulsar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String serviceUrl() {
    return "pulsar://" + Loopback.ADDRESS + ":" + brokerPort;
  }

  public String adminUrl() {
    return "http://" + Loopback.ADDRESS + ":" + webPort;
  }

  public synchronized boolean isRunning() {
    return standalone != null;
  }

  /** Starts the broker again on the same ports and data after {@link #stop()}. */
  public synchronized void start() {
    if (standalone != null) {
      return;
    }
    try {
      Path conf = writeConfig();
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "--config",
                  conf.toString(),
                  "--no-functions-worker",
                  "--no-stream-storage",
                  "--advertised-address",
                  Loopback.ADDRESS,
                  "--metadata-dir",
                  home.resolve("metadata").toString(),
                  "--bookkeeper-dir",
                  home.resolve("bookkeeper").toString(),
                  "--zookeeper-dir",
                  home.resolve("no-zookeeper").toString(),
                  "--bookkeeper-port",
                  Integer.toString(bookiePort)));
      if (wipeOnStart) {
        args.add("--wipe-data");
        wipeOnStart = false;
      }
      PulsarStandaloneStarter starter = new OwnedStandalone(args.toArray(String[]::new));
      starter.start();
      standalone = starter;
    } catch (Exception e) {
      throw new IllegalStateException("embedded Pulsar did not start in " + home, e);
    }
  }

  /** Stops the broker and its bookie; data and ports are kept for {@link #start()}. */
  public synchronized void stop() {
    if (standalone == null) {
      return;
    }
    standalone.close();
    standalone = null;
  }

  /** An admin client for this broker, made once and closed with it. */
  public synchronized PulsarAdmin admin() {
    if (admin == null) {
      try {
        admin = PulsarAdmin.builder().serviceHttpUrl(adminUrl()).build();
      } catch (PulsarClientException e) {
        throw new IllegalStateException(e);
      }
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
    stop();
    Directories.delete(home);
  }

  /** A standalone whose life this class owns: no shutdown hook of its own, no System.exit. */
  private static final class OwnedStandalone extends PulsarStandaloneStarter {
    OwnedStandalone(String[] args) throws Exception {
      super(args);
    }

    @Override
    protected void registerShutdownHook() {
      // The owner stops the broker (and deletes its data) in its own order.
    }

    @Override
    protected void exit(int status) {
      throw new IllegalStateException("embedded Pulsar failed, status " + status);
    }
  }

  private Path writeConfig() throws IOException {
    Path conf = home.resolve("standalone.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "clusterName=standalone",
            "advertisedAddress=" + Loopback.ADDRESS,
            "bindAddress=" + Loopback.ADDRESS,
            "listeningInterface=lo",
            "brokerServicePort=" + brokerPort,
            "webServicePort=" + webPort,
            "functionsWorkerEnabled=false",
            "managedLedgerDefaultEnsembleSize=1",
            "managedLedgerDefaultWriteQuorum=1",
            "managedLedgerDefaultAckQuorum=1",
            "journalSyncData=false",
            "brokerShutdownTimeoutMs=2000",
            "allowAutoTopicCreation=true",
            // Topic rates (msgRateIn, msgRateOut) over 10 s windows instead of one minute.
            "statsUpdateFrequencyInSecs=10",
            "statsUpdateInitialDelayInSecs=2",
            // Lets a consumer acknowledge single messages of a batch; off by default in Pulsar.
            "acknowledgmentAtBatchIndexLevelEnabled=true",
            ""));
    return conf;
  }
}
