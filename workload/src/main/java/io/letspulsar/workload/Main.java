package io.letspulsar.workload;

import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.contract.HealthServer;
import io.letspulsar.workload.config.ConfigException;
import io.letspulsar.workload.config.ConfigLoader;
import io.letspulsar.workload.consumer.PurchaseConsumer;
import io.letspulsar.workload.consumer.PurchaseHandler;
import io.letspulsar.workload.producer.PurchaseProducer;
import io.letspulsar.workload.runtime.Workload;
import io.letspulsar.workload.runtime.WorkloadMetrics;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code workload producer|consumer [--config <file>]}: runs one side of the purchase stream until
 * SIGTERM (or, for the producer, until {@code producer.max.messages} were sent).
 */
public final class Main {
  /** Exit code for a usage or configuration error: nothing was started. */
  public static final int EXIT_CONFIG = 2;

  /** Exit code for a failure while running (e.g. Pulsar refused the subscription). */
  public static final int EXIT_FAILURE = 1;

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final long SHUTDOWN_GRACE_SECONDS = 20;
  private static final String USAGE =
      "usage: workload producer|consumer [--config <properties file>]\n"
          + "  the file defaults to $"
          + ConfigKeys.CONFIG_ENV
          + ", then "
          + ConfigKeys.DEFAULT_CONFIG_DIR
          + "/<producer|consumer>.properties";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  /** Runs the subcommand and returns the process exit code. */
  public static int run(String[] args, Map<String, String> env) {
    if (args.length != 1 && !(args.length == 3 && "--config".equals(args[1]))) {
      System.err.println(USAGE);
      return EXIT_CONFIG;
    }
    String command = args[0];
    if (!command.equals("producer") && !command.equals("consumer")) {
      System.err.println("unknown subcommand '" + command + "'\n" + USAGE);
      return EXIT_CONFIG;
    }
    Path file = configFile(command, args, env);
    WorkloadMetrics metrics = new WorkloadMetrics();
    Workload workload;
    int healthPort;
    String healthAddress;
    try {
      ConfigLoader loader = ConfigLoader.fromFile(file, env);
      if (command.equals("producer")) {
        var config = loader.producer();
        workload = new PurchaseProducer(config, metrics);
        healthAddress = config.client().healthAddress();
        healthPort = config.client().healthPort();
      } else {
        var config = loader.consumer();
        workload = new PurchaseConsumer(config, metrics, PurchaseHandler.REQUIRE_USER_AND_ITEM);
        healthAddress = config.client().healthAddress();
        healthPort = config.client().healthPort();
      }
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return EXIT_CONFIG;
    }
    return runUntilStopped(workload, healthAddress, healthPort, metrics);
  }

  private static Path configFile(String command, String[] args, Map<String, String> env) {
    if (args.length == 3) {
      return Path.of(args[2]);
    }
    String fromEnv = env.get(ConfigKeys.CONFIG_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    return Path.of(ConfigKeys.DEFAULT_CONFIG_DIR, command + ".properties");
  }

  private static int runUntilStopped(
      Workload workload, String healthAddress, int healthPort, WorkloadMetrics metrics) {
    CountDownLatch finished = new CountDownLatch(1);
    Thread shutdownHook =
        new Thread(
            () -> {
              workload.stop();
              try {
                if (!finished.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                  System.err.println("did not stop within " + SHUTDOWN_GRACE_SECONDS + " s");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try (HealthServer health =
        new HealthServer(
            healthAddress,
            healthPort,
            workload::isReady,
            "not connected to Pulsar",
            metrics::scrape)) {
      LOG.info("health and metrics on http://{}:{}", healthAddress, health.port());
      workload.run();
      return 0;
    } catch (Exception e) {
      LOG.error("stopped by an error: {}", e.getMessage(), e);
      return EXIT_FAILURE;
    } finally {
      // Write out the queued log lines before the JVM exits (log4j2.xml has no hook of its own).
      LogManager.shutdown();
      finished.countDown();
      removeHook(shutdownHook);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running: it waits for `finished`, which is now counted down.
    }
  }
}
