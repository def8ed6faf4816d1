package io.letspulsar.sandbox;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The sandbox's command line.
 *
 * @param pulsarUrl an existing broker's service URL; empty for an embedded broker
 * @param pulsarAdminUrl that broker's admin URL (default: its host, port 8080)
 * @param streamFile the PurchaseStream (YAML) to apply once everything is up
 * @param imageTar the workload image the kubelet runs (Maven passes the one it built)
 * @param statsPeriod how often the operator refreshes each stream's stats
 */
public record SandboxOptions(
    Optional<String> pulsarUrl,
    String pulsarAdminUrl,
    Path streamFile,
    Path imageTar,
    String statsPeriod) {

  public static final String USAGE =
      "usage: Sandbox [--pulsar-url pulsar://host:6650 [--pulsar-admin-url http://host:8080]]"
          + " [--file purchasestream.yaml]";

  /** Reads the arguments; the defaults come from system properties Maven sets. */
  public static SandboxOptions parse(String... args) {
    Optional<String> pulsarUrl = Optional.empty();
    Optional<String> adminUrl = Optional.empty();
    Path file = Path.of(System.getProperty("sandbox.example", "examples/purchasestream.yaml"));
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--pulsar-url" -> pulsarUrl = Optional.of(required(args[i], value));
        case "--pulsar-admin-url" -> adminUrl = Optional.of(required(args[i], value));
        case "--file" -> file = Path.of(required(args[i], value));
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
      i++;
    }
    if (pulsarUrl.isPresent() && !pulsarUrl.get().matches("^pulsar(\\+ssl)?://[^/:]+(:\\d+)?/?$")) {
      throw new IllegalArgumentException(
          "--pulsar-url '" + pulsarUrl.get() + "': use pulsar://host:6650");
    }
    if (adminUrl.isPresent() && pulsarUrl.isEmpty()) {
      throw new IllegalArgumentException("--pulsar-admin-url needs --pulsar-url");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--file '" + file + "': no such file");
    }
    Path imageTar =
        Path.of(System.getProperty("workload.image.tar", "workload/target/jib-image.tar"));
    if (!Files.isRegularFile(imageTar)) {
      throw new IllegalArgumentException(
          "no workload image at " + imageTar + ": build it first (./mvnw -Pdemo verify does)");
    }
    String admin =
        adminUrl.orElse(
            pulsarUrl.isEmpty() ? "" : "http://" + URI.create(pulsarUrl.get()).getHost() + ":8080");
    return new SandboxOptions(pulsarUrl, admin, file, imageTar, "5s");
  }

  private static String required(String flag, String value) {
    if (value == null || value.startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }
}
