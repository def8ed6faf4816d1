package io.letspulsar.sandbox;

import io.letspulsar.testing.LayeredImage;
import io.letspulsar.testing.LocalNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The sandbox's command line.
 *
 * @param pulsarUrl an existing broker's service URL; empty for an embedded broker
 * @param pulsarAdminUrl that broker's admin URL (default: its host, port 8080)
 * @param secured the embedded broker is secured (TLS only, authentication and authorization on) and
 *     every file applied is filled in with its credentials
 * @param streamFile the PurchaseStream (YAML) to apply once everything is up
 * @param imageTar the workload image (Maven passes the one it built); a real node runs it on the
 *     JRE base of {@code tools/node/fetch.sh}
 * @param statsPeriod how often the operator refreshes each stream's stats
 */
public record SandboxOptions(
    Optional<String> pulsarUrl,
    String pulsarAdminUrl,
    boolean secured,
    Path streamFile,
    Path imageTar,
    String statsPeriod) {

  public static final String USAGE =
      "usage: Sandbox [--pulsar-url pulsar://host:6650 [--pulsar-admin-url http://host:8080]"
          + " | --secured] [--file purchasestream.yaml]";

  /** Reads the arguments; the defaults come from system properties Maven sets. */
  public static SandboxOptions parse(String... args) {
    Optional<String> pulsarUrl = Optional.empty();
    Optional<String> adminUrl = Optional.empty();
    Optional<Path> file = Optional.empty();
    boolean secured = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--secured")) {
        secured = true;
        continue;
      }
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--pulsar-url" -> pulsarUrl = Optional.of(required(args[i], value));
        case "--pulsar-admin-url" -> adminUrl = Optional.of(required(args[i], value));
        case "--file" -> file = Optional.of(Path.of(required(args[i], value)));
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
      i++;
    }
    if (secured && pulsarUrl.isPresent()) {
      throw new IllegalArgumentException(
          "--secured starts a secured embedded broker, --pulsar-url uses an existing one: drop"
              + " one of them");
    }
    if (pulsarUrl.isPresent() && !pulsarUrl.get().matches("^pulsar(\\+ssl)?://[^/:]+(:\\d+)?/?$")) {
      throw new IllegalArgumentException(
          "--pulsar-url '" + pulsarUrl.get() + "': use pulsar://host:6650");
    }
    if (adminUrl.isPresent() && pulsarUrl.isEmpty()) {
      throw new IllegalArgumentException("--pulsar-admin-url needs --pulsar-url");
    }
    Path streamFile =
        file.orElse(
            Path.of(
                secured
                    ? System.getProperty(
                        "sandbox.secured.example", "examples/purchasestream-auth.yaml")
                    : System.getProperty("sandbox.example", "examples/purchasestream.yaml")));
    if (!Files.isRegularFile(streamFile)) {
      throw new IllegalArgumentException("--file '" + streamFile + "': no such file");
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
    return new SandboxOptions(pulsarUrl, admin, secured, streamFile, imageTar, "5s");
  }

  /** The same options with another stats period (the tests refresh faster). */
  public SandboxOptions withStatsPeriod(String period) {
    return new SandboxOptions(pulsarUrl, pulsarAdminUrl, secured, streamFile, imageTar, period);
  }

  /**
   * Why the pods cannot run on a real node, if they cannot: the pods of a real node reach only the
   * pod network (so neither a broker given by URL nor the secured one, which listens on 127.0.0.1
   * only), and the machine must run one ({@link LocalNode#unsupportedReason()}).
   */
  public Optional<String> noRealNodeReason() {
    if (secured) {
      return Optional.of(
          "--secured: the secured broker listens on 127.0.0.1, which pods cannot reach");
    }
    if (pulsarUrl.isPresent()) {
      return Optional.of("--pulsar-url: pods on the node reach only this machine's pod network");
    }
    Optional<String> unsupported = LocalNode.unsupportedReason();
    if (unsupported.isEmpty() && !Files.isRegularFile(LayeredImage.jreBase())) {
      return Optional.of(
          "no JRE base image at " + LayeredImage.jreBase() + " (tools/node/fetch.sh makes it)");
    }
    return unsupported;
  }

  private static String required(String flag, String value) {
    if (value == null || value.startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }
}
