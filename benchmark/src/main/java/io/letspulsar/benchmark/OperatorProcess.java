package io.letspulsar.benchmark;

import io.letspulsar.operator.OperatorMain;
import io.letspulsar.testing.JavaProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator in a JVM of its own, as its container runs it (the image's JVM flags, settings from
 * the environment, the Kubernetes client from the environment too): what it costs in memory is its
 * own, and it can be stopped and started again.
 */
final class OperatorProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][\\w:]*)(?:\\{([^}]*)})? (\\S+)$", Pattern.MULTILINE);

  /** The heap's, or with a generational collector each generation's, "total …K, used …K". */
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final JavaProcess process;

  private OperatorProcess(JavaProcess process) {
    this.process = process;
  }

  /**
   * Starts the operator and waits until it reports ready (its informers started).
   *
   * @param env the operator's environment, {@code HEALTH_PORT} included
   */
  static OperatorProcess start(Map<String, String> env, List<String> jvmFlags, Path log) {
    return new OperatorProcess(
        JavaProcess.launch(
                OperatorMain.class.getName(),
                jvmFlags,
                env,
                Integer.parseInt(env.get("HEALTH_PORT")),
                log)
            .awaitReady(START_TIMEOUT));
  }

  /**
   * The sum of a metric's series whose labels include {@code label} (e.g. {@code kind="write"}),
   * all of them when it is empty.
   */
  double metric(String name, String label) throws IOException, InterruptedException {
    Matcher sample = SAMPLE.matcher(process.get("/metrics").body());
    double sum = 0;
    while (sample.find()) {
      String labels = sample.group(2) == null ? "" : sample.group(2);
      if (sample.group(1).equals(name) && labels.contains(label)) {
        sum += Double.parseDouble(sample.group(3));
      }
    }
    return sum;
  }

  /** The heap in use right after a full collection, in KiB (as {@code jcmd} reports it). */
  long heapAfterGcKib() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    long kib = 0;
    boolean found = false;
    while (used.find()) {
      kib += Long.parseLong(used.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
    }
    return kib;
  }

  long peakRssKib() {
    return Jvms.peakRssKib(process.pid());
  }

  double cpuSeconds() {
    return Jvms.cpuSeconds(process.pid());
  }

  /** Stops it as Kubernetes stops a pod: SIGTERM, then SIGKILL after the grace period. */
  @Override
  public void close() {
    process.close();
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()),
                command)
            .redirectErrorStream(true)
            .start();
    String output = new String(jcmd.getInputStream().readAllBytes());
    jcmd.waitFor();
    return output;
  }
}
