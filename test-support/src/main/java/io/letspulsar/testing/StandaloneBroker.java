package io.letspulsar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pulsar.PulsarStandaloneStarter;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminBuilder;
import org.apache.pulsar.client.api.PulsarClientException;

/**
 * One Pulsar standalone (broker + one bookie + RocksDB metadata) in this JVM, bound to {@link
 * Loopback#ADDRESS} unless its settings say another address, with its data under {@code home}: the
 * start and stop machinery {@link EmbeddedPulsar} and {@link SecuredPulsar} share. Each gives its
 * own settings (ports, security) on top of the common ones.
 *
 * <p>The first start wipes the data; later starts keep it, on the same ports. {@link #close()}
 * closes the admin client, stops the broker and deletes {@code home}.
 */
final class StandaloneBroker {
  private final Path home;
  private final int bookiePort = FreePorts.next();
  private final Map<String, String> settings;
  private final Supplier<PulsarAdminBuilder> adminBuilder;
  private boolean wipeOnStart = true;
  private PulsarStandaloneStarter standalone;
  private PulsarAdmin admin;

  /**
   * @param home where the configuration and data go (other files may live there too); deleted by
   *     {@link #close()}
   * @param settings the broker's own settings, over the common ones
   * @param adminBuilder how {@link #admin()} reaches the broker
   */
  StandaloneBroker(
      Path home, Map<String, String> settings, Supplier<PulsarAdminBuilder> adminBuilder) {
    this.home = home;
    Map<String, String> all = new LinkedHashMap<>(commonSettings());
    all.putAll(settings);
    this.settings = all;
    this.adminBuilder = adminBuilder;
  }

  /** A fresh temporary directory for a broker's home. */
  static Path newHome(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> commonSettings() {
    Map<String, String> common = new LinkedHashMap<>();
    common.put("clusterName", "standalone");
    common.put("advertisedAddress", Loopback.ADDRESS);
    common.put("bindAddress", Loopback.ADDRESS);
    common.put("listeningInterface", "lo");
    common.put("functionsWorkerEnabled", "false");
    common.put("managedLedgerDefaultEnsembleSize", "1");
    common.put("managedLedgerDefaultWriteQuorum", "1");
    common.put("managedLedgerDefaultAckQuorum", "1");
    common.put("journalSyncData", "false");
    common.put("brokerShutdownTimeoutMs", "2000");
    common.put("allowAutoTopicCreation", "true");
    // Topic rates (msgRateIn, msgRateOut) over 10 s windows instead of one minute.
    common.put("statsUpdateFrequencyInSecs", "10");
    common.put("statsUpdateInitialDelayInSecs", "2");
    // Lets a consumer acknowledge single messages of a batch; off by default in Pulsar.
    common.put("acknowledgmentAtBatchIndexLevelEnabled", "true");
    return common;
  }

  Path home() {
    return home;
  }

  synchronized boolean isRunning() {
    return standalone != null;
  }

  /** Starts the broker (a no-op when it runs); blocks until it accepts clients. */
  synchronized void start() {
    if (standalone != null) {
      return;
    }
    PulsarStandaloneStarter starter = null;
    try {
      starter = new OwnedStandalone(arguments(writeConfig()));
      starter.start();
      standalone = starter;
      wipeOnStart = false;
    } catch (Exception e) {
      if (starter != null) {
        closeQuietly(starter, e);
      }
      throw new IllegalStateException("embedded Pulsar did not start in " + home, e);
    }
  }

  /** Stops the broker and its bookie; data and ports are kept for {@link #start()}. */
  synchronized void stop() {
    if (standalone == null) {
      return;
    }
    standalone.close();
    standalone = null;
  }

  /** An admin client for this broker, made once and closed with it. */
  synchronized PulsarAdmin admin() {
    if (admin == null) {
      try {
        admin = adminBuilder.get().build();
      } catch (PulsarClientException e) {
        throw new IllegalStateException(e);
      }
    }
    return admin;
  }

  /** Closes the admin client, stops the broker and deletes its home. */
  synchronized void close() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
    stop();
    Directories.delete(home);
  }

  private String[] arguments(Path conf) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--config",
                conf.toString(),
                "--no-functions-worker",
                "--no-stream-storage",
                "--advertised-address",
                settings.get("advertisedAddress"),
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
    }
    return args.toArray(String[]::new);
  }

  private Path writeConfig() throws IOException {
    Path conf = home.resolve("standalone.conf");
    Files.writeString(
        conf,
        settings.entrySet().stream()
            .map(setting -> setting.getKey() + "=" + setting.getValue() + "\n")
            .collect(Collectors.joining()));
    return conf;
  }

  private static void closeQuietly(PulsarStandaloneStarter starter, Exception failure) {
    try {
      starter.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
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
}
