package io.letspulsar.benchmark;

import io.letspulsar.contract.Batching;
import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.testing.EmbeddedPulsar;
import io.letspulsar.testing.FreePorts;
import io.letspulsar.testing.JavaProcess;
import io.letspulsar.workload.Main;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workload against Pulsar's own {@code pulsar-perf}, on one embedded broker, in one run: the
 * producer at full speed for a fixed count, then the consumer draining the same backlog, then both
 * at the demo's rate for their memory. Every client runs in its own JVM with the same flags, so
 * throughput, latency and peak RSS compare like with like. Prints figures; asserts nothing.
 *
 * <p>Arguments: {@code <messages> <jvm flags for the speed runs> <the workload's container flags,
 * for the demo-rate run>}. The clients run on this JVM's class path, which holds the workload and
 * pulsar-perf alike.
 */
public final class WorkloadBenchmark {
  /** Average size of the demo's items ("book" … "alarm clock"), for pulsar-perf's payload. */
  private static final int PAYLOAD_BYTES = 8;

  private static final Pattern OUR_SUMMARY =
      Pattern.compile(
          "stopped: (\\d+) purchases acknowledged.*; \\d+ in [\\d.]+ s \\(([\\d.]+) msg/s\\),"
              + " [a-z- ]*latency p50 ([\\d.]+) ms, p99 ([\\d.]+) ms");

  /** The client's own stats at close: the rate over the run, without pulsar-perf's exit wait. */
  private static final Pattern PERF_PRODUCE =
      Pattern.compile(
          "Publish throughput: ([\\d.]+) msg/s .* Latency: med: ([\\d.]+) ms - 95pct: [\\d.]+ ms"
              + " - 99pct: ([\\d.]+) ms");

  /** pulsar-perf's totals; its msg/s counts the whole run, so the rate is derived below. */
  private static final Pattern PERF_CONSUME =
      Pattern.compile(
          "Aggregated throughput stats --- \\d+ records received --- ([\\d.]+) msg/s.*?"
              + "Aggregated latency stats --- Latency: mean: +[\\d.]+ ms - med: +([\\d.]+) -"
              + " 95pct: +[\\d.]+ - 99pct: +([\\d.]+)",
          Pattern.DOTALL);

  private static final Pattern ACKED = Pattern.compile("purchases_acked_total ([\\d.E]+)");

  private final int messages;
  private final List<String> speedFlags;
  private final List<String> containerFlags;
  private final Path dir;
  private final EmbeddedPulsar pulsar;
  private final String workloadLogging;
  private final String perfLogging;
  private final HttpClient http = HttpClient.newHttpClient();

  private WorkloadBenchmark(String[] args) throws IOException {
    messages = Integer.parseInt(args[0]);
    speedFlags = List.of(args[1].trim().split("\\s+"));
    containerFlags = List.of(args[2].trim().split("\\s+"));
    dir = Files.createTempDirectory("workload-benchmark-");
    workloadLogging = "-Dlog4j2.configurationFile=" + workloadLogConfig();
    // pulsar-perf prints its figures at INFO; this JVM's class path would pick a quieter setup.
    perfLogging =
        "-Dlog4j2.configurationFile="
            + Files.writeString(
                dir.resolve("perf-log4j2.properties"),
                "rootLogger.level=INFO\nrootLogger.appenderRef.out.ref=out\n"
                    + "appender.out.type=Console\nappender.out.name=out\n"
                    + "appender.out.layout.type=PatternLayout\n"
                    + "appender.out.layout.pattern=%d %-5level %c{1} - %msg%n\n");
    pulsar = EmbeddedPulsar.startNew();
  }

  public static void main(String[] args) throws Exception {
    WorkloadBenchmark benchmark = new WorkloadBenchmark(args);
    try {
      benchmark.run();
    } finally {
      benchmark.pulsar.close();
      benchmark.deleteWorkDirectory();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    String ours = "persistent://public/default/bench-workload";
    String perf = "persistent://public/default/bench-perf";
    Jvms.print(
        "workload benchmark: %d messages of ~%d bytes, batches of up to 1 ms, 1000 in flight,"
            + " JVM flags %s",
        messages, PAYLOAD_BYTES, String.join(" ", speedFlags));

    Result ourProduce = produce(ours, Batching.KEY_BASED);
    Result ourMixedProduce = produce(ours, Batching.MIXED);
    Result perfProduce =
        perf(
            "produce",
            List.of(
                "-u",
                pulsar.serviceUrl(),
                "-r",
                "100000000",
                "-m",
                Integer.toString(messages),
                "-s",
                Integer.toString(PAYLOAD_BYTES),
                "-o",
                "1000",
                "-b",
                "1",
                "-i",
                "60",
                perf),
            PERF_PRODUCE);
    compare(
        "produce, key-based batches (the default; Key_Shared needs it)", ourProduce, perfProduce);
    compare("produce, mixed batches (what pulsar-perf does)", ourMixedProduce, perfProduce);

    Result ourConsume = consume(ours, "bench", Map.of(ConfigKeys.PURCHASE_LOG_LEVEL_ENV, "DEBUG"));
    Result ourQuietConsume = consume(ours, "bench-quiet", Map.of());
    Result perfConsume =
        perf(
            "consume",
            List.of(
                "-u",
                pulsar.serviceUrl(),
                "-ss",
                "perf",
                "-sp",
                "Earliest",
                "-m",
                Integer.toString(messages),
                "-i",
                "60",
                "--batch-index-ack",
                ours),
            PERF_CONSUME);
    compare(
        "consume, a log line per purchase ("
            + ConfigKeys.PURCHASE_LOG_LEVEL_ENV
            + "=DEBUG; latency is end to end: it grows with the backlog)",
        ourConsume,
        perfConsume);
    compare(
        "consume, the default logging (summaries above 1000 purchases per 10 s)",
        ourQuietConsume,
        perfConsume);

    demoRateMemory();
  }

  private Result consume(String topic, String subscription, Map<String, String> env)
      throws Exception {
    return workload(
        "consumer",
        topic,
        List.of("subscription.name=" + subscription, "subscription.initial.position=Earliest"),
        Optional.of(messages),
        env);
  }

  private Result produce(String topic, Batching batching) throws Exception {
    return workload(
        "producer",
        topic,
        List.of(
            "producer.interval=0s",
            "producer.batching=" + batching.value(),
            "producer.max.messages=" + messages,
            "producer.max.pending=1000"),
        Optional.empty(),
        Map.of());
  }

  /** Runs the workload's real entry point; waits for its own exit or for {@code ackTarget}. */
  private Result workload(
      String command,
      String topic,
      List<String> settings,
      Optional<Integer> ackTarget,
      Map<String, String> env)
      throws Exception {
    int healthPort = FreePorts.next();
    Path log = dir.resolve(command + ".log");
    Process process = startWorkload(speedFlags, command, topic, settings, healthPort, env, log);
    long peakRss = 0;
    while (process.isAlive()) {
      peakRss = Math.max(peakRss, Jvms.peakRssKib(process.pid()));
      if (ackTarget.isPresent() && acked(healthPort) >= ackTarget.get()) {
        kill(process, "TERM");
      }
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    return parse("workload " + command, Files.readString(log), OUR_SUMMARY, 2, 3, 4, peakRss);
  }

  /** Starts the workload's real entry point with a properties file made of {@code settings}. */
  private Process startWorkload(
      List<String> flags,
      String command,
      String topic,
      List<String> settings,
      int healthPort,
      Map<String, String> env,
      Path log)
      throws IOException {
    List<String> file = new ArrayList<>(settings);
    file.add("client.service.url=" + pulsar.serviceUrl());
    file.add("health.address=127.0.0.1");
    file.add("health.port=" + healthPort);
    file.add((command.equals("producer") ? "producer.topic=" : "consumer.topic=") + topic);
    Path config = Files.write(dir.resolve(command + "-" + System.nanoTime() + ".properties"), file);
    List<String> cmd = JavaProcess.command(flags);
    cmd.addAll(
        List.of(
            workloadLogging,
            "io.letspulsar.workload.Main",
            command,
            "--config",
            config.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  /** The consumer's acknowledged count from its metrics endpoint; -1 while it is not serving. */
  private long acked(int port) {
    try {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher acked = ACKED.matcher(metrics);
      return acked.find() ? (long) Double.parseDouble(acked.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private Result perf(String command, List<String> args, Pattern summary) throws Exception {
    Path conf = Files.writeString(dir.resolve("client.conf"), "");
    Path log = dir.resolve("perf-" + command + ".log");
    List<String> cmd = JavaProcess.command(speedFlags);
    cmd.addAll(
        List.of(
            perfLogging,
            "org.apache.pulsar.testclient.PulsarPerfTestTool",
            conf.toString(),
            command));
    cmd.addAll(args);
    Process process =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long peakRss = 0;
    while (process.isAlive()) {
      peakRss = Math.max(peakRss, Jvms.peakRssKib(process.pid()));
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    return parse("pulsar-perf " + command, Files.readString(log), summary, 1, 2, 3, peakRss);
  }

  /** Producer and consumer at the demo's rate (one purchase per 5 s) for 30 s: their memory. */
  private void demoRateMemory() throws Exception {
    String topic = "persistent://public/default/bench-demo-rate";
    List<Process> processes = new ArrayList<>();
    for (String command : List.of("producer", "consumer")) {
      processes.add(
          startWorkload(
              containerFlags,
              command,
              topic,
              List.of(
                  command.equals("producer") ? "producer.interval=5s" : "subscription.name=demo"),
              0,
              // One malloc arena, as in the container: glibc's default costs ~10 MiB here.
              Map.of("MALLOC_ARENA_MAX", "1"),
              dir.resolve(command + "-demo.log")));
    }
    long[] peak = new long[2];
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      for (int i = 0; i < 2; i++) {
        peak[i] = Math.max(peak[i], Jvms.peakRssKib(processes.get(i).pid()));
      }
      Thread.sleep(200);
    }
    for (Process process : processes) {
      kill(process, "TERM");
      process.waitFor(30, TimeUnit.SECONDS);
    }
    Jvms.print(
        "demo rate (1 purchase / 5 s, 30 s, flags %s): producer peak RSS %.0f MiB, consumer"
            + " peak RSS %.0f MiB (target <= 128 MiB each)",
        String.join(" ", containerFlags), peak[0] / 1024.0, peak[1] / 1024.0);
  }

  /** The clients' configs and logs; kept only while the benchmark runs. */
  private void deleteWorkDirectory() throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** The workload's own logging setup (its jar's log4j2.xml), as the image would use it. */
  private static String workloadLogConfig() {
    try {
      Path codeSource =
          Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isDirectory(codeSource)
          ? codeSource.resolve("log4j2.xml").toString()
          : "jar:" + codeSource.toUri() + "!/log4j2.xml";
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Result parse(
      String name, String output, Pattern pattern, int rate, int p50, int p99, long peakRss) {
    Matcher matcher = pattern.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("no summary line from " + name + ":\n" + tail(output));
    }
    return new Result(
        name,
        Double.parseDouble(matcher.group(rate)),
        Double.parseDouble(matcher.group(p50)),
        Double.parseDouble(matcher.group(p99)),
        peakRss);
  }

  private static String tail(String output) {
    return output.substring(Math.max(0, output.length() - 4000));
  }

  private static void kill(Process process, String signal) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
  }

  private static void compare(String what, Result ours, Result theirs) {
    Jvms.print("%s", what);
    for (Result result : List.of(ours, theirs)) {
      Jvms.print(
          "  %-22s %10.0f msg/s   p50 %7.1f ms   p99 %7.1f ms   peak RSS %5.0f MiB",
          result.name, result.rate, result.p50, result.p99, result.peakRssKib / 1024.0);
    }
    Jvms.print(
        "  ratio workload/pulsar-perf: throughput %.2f (target >= 0.95), p99 %.2f (target <= 1.2)",
        ours.rate / theirs.rate, ours.p99 / theirs.p99);
  }

  private record Result(String name, double rate, double p50, double p99, long peakRssKib) {}
}
