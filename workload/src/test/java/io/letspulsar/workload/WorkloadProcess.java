package io.letspulsar.workload;

import io.letspulsar.testing.JavaProcess;
import io.letspulsar.testing.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The workload's real entry point in a separate JVM, with its output collected line by line. */
final class WorkloadProcess implements AutoCloseable {
  private static final Pattern PURCHASE =
      Pattern.compile("(?:produced|consumed) \".*\" for (\\S+) as (\\S+)");

  /** The summary of a period in which some purchases got no line of their own (LogThrottle). */
  private static final Pattern SUMMARY =
      Pattern.compile("(?:produced|consumed) \\d+ purchases in .*, (\\d+) not printed one by one");

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private WorkloadProcess(Process process) {
    this.process = process;
    reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // The process was killed; what was read so far stays.
              }
            },
            "workload-output");
    reader.setDaemon(true);
    reader.start();
  }

  static WorkloadProcess start(String command, Properties config, Path dir) {
    return start(command, config, dir, Map.of());
  }

  /** With {@code env} added to this JVM's environment. */
  static WorkloadProcess start(
      String command, Properties config, Path dir, Map<String, String> env) {
    // The production logging setup, not the test classpath's.
    return start(command, config, dir, env, "log4j2.xml");
  }

  /**
   * Logging every purchase, each line flushed before the process goes on: what it logged is what it
   * did, even when it is killed.
   */
  static WorkloadProcess startLoggingEveryLine(String command, Properties config, Path dir) {
    return start(command, config, dir, Map.of(), "log4j2-every-line.xml");
  }

  private static WorkloadProcess start(
      String command, Properties config, Path dir, Map<String, String> env, String logConfig) {
    try {
      Path file = Files.createTempFile(dir, command, ".properties");
      try (var writer = Files.newBufferedWriter(file)) {
        config.store(writer, null);
      }
      List<String> cmd =
          JavaProcess.command(List.of("-Xmx128m", "-Dlog4j2.configurationFile=" + logConfig));
      cmd.addAll(List.of(Main.class.getName(), command, "--config", file.toString()));
      ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
      builder.environment().putAll(env);
      return new WorkloadProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> lines() {
    return lines;
  }

  /**
   * Message ids of the purchases this process logged one by one as produced (once acknowledged by
   * the broker) or consumed (just before the ack).
   */
  List<String> purchaseIds() {
    return purchases().stream().map(Logged::id).toList();
  }

  /** A purchase as a process logged it: its user (message key) and message id. */
  record Logged(String user, String id) {}

  /** The purchases this process logged one by one, in its order. */
  List<Logged> purchases() {
    return lines.stream()
        .map(PURCHASE::matcher)
        .filter(Matcher::find)
        .map(matcher -> new Logged(matcher.group(1), matcher.group(2)))
        .toList();
  }

  /** Purchases that the summaries count as not printed one by one. */
  long notPrinted() {
    return matches(SUMMARY).mapToLong(Long::parseLong).sum();
  }

  private Stream<String> matches(Pattern pattern) {
    return lines.stream()
        .map(pattern::matcher)
        .filter(Matcher::find)
        .map(matcher -> matcher.group(1));
  }

  /** SIGTERM, as the kubelet sends it, then the exit code. */
  int terminate() throws Exception {
    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    return awaitExit();
  }

  /** SIGKILL: no shutdown hook, no flush, nothing acknowledged that was in hand. */
  void kill() throws InterruptedException {
    // Through the handle: Process.destroyForcibly would also close this end of the pipe, and what
    // the workload printed before it died, still in the pipe while the reader lags (up to 64 KiB,
    // about 500 purchase lines on a busy machine), would be lost.
    process.toHandle().destroyForcibly();
    process.waitFor();
    reader.join(30_000); // the reader drains the pipe to its end
  }

  int awaitExit() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      Processes.kill(process);
      throw new AssertionError("workload did not exit within 30 s:\n" + String.join("\n", lines));
    }
    reader.join(5_000); // the last lines may still be in the pipe
    return process.exitValue();
  }

  @Override
  public void close() {
    Processes.kill(process);
  }
}
