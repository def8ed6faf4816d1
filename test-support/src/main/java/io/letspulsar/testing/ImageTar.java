package io.letspulsar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An image tar as Jib's {@code buildTar} writes it (Docker format): its config and the files in
 * each layer, for tests that check an image, and for {@link LocalKubelet} that runs it, without a
 * registry or a container engine.
 */
public final class ImageTar {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode config;
  private final List<Map<String, byte[]>> layers;

  private ImageTar(JsonNode config, List<Map<String, byte[]>> layers) {
    this.config = config;
    this.layers = layers;
  }

  public static ImageTar read(Path tar) throws IOException {
    Map<String, byte[]> entries;
    try (InputStream in = Files.newInputStream(tar)) {
      entries = entries(in);
    }
    JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
    JsonNode config = JSON.readTree(entries.get(manifest.get("Config").asText()));
    List<Map<String, byte[]>> layers = new ArrayList<>();
    for (JsonNode layer : manifest.get("Layers")) {
      try (InputStream in =
          new GZIPInputStream(new ByteArrayInputStream(entries.get(layer.asText())))) {
        layers.add(entries(in));
      }
    }
    return new ImageTar(config, layers);
  }

  /** The image config's {@code config} part: Entrypoint, Cmd, User, Env, ExposedPorts, Labels. */
  public JsonNode config() {
    return config.get("config");
  }

  /** File names per layer, in layer order. */
  public List<List<String>> layers() {
    return layers.stream().map(files -> List.copyOf(files.keySet())).toList();
  }

  /** Writes every regular file of every layer, in layer order, under {@code root}. */
  public void unpack(Path root) throws IOException {
    for (Map<String, byte[]> layer : layers) {
      for (Map.Entry<String, byte[]> file : layer.entrySet()) {
        Path target = root.resolve(file.getKey().replaceFirst("^/+", "")).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("image file outside the image root: " + file.getKey());
        }
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue());
      }
    }
  }

  /** Every file name of every layer. */
  public List<String> files() {
    return layers().stream().flatMap(List::stream).toList();
  }

  public List<String> entrypoint() {
    return strings(config().get("Entrypoint"));
  }

  /** The default arguments; empty when the pod (or the environment) must supply them. */
  public List<String> cmd() {
    return strings(config().get("Cmd"));
  }

  public String user() {
    return config().path("User").asText();
  }

  public List<String> exposedPorts() {
    List<String> ports = new ArrayList<>();
    config().path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    return ports;
  }

  /** {@code NAME=value} entries. */
  public List<String> env() {
    return strings(config().get("Env"));
  }

  public String label(String name) {
    return config().path("Labels").path(name).asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null) {
      array.forEach(value -> values.add(value.asText()));
    }
    return values;
  }

  /** A minimal ustar reader: 512-byte headers, octal sizes, data padded to 512 bytes. */
  private static Map<String, byte[]> entries(InputStream in) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    byte[] header = new byte[512];
    while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
      String name = text(header, 0, 100);
      String prefix = text(header, 345, 155);
      long size =
          Long.parseLong(
              text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
      byte[] data = in.readNBytes((int) size);
      in.skipNBytes((512 - size % 512) % 512);
      if (header[156] == '0' || header[156] == 0) {
        entries.put(prefix.isEmpty() ? name : prefix + "/" + name, data);
      }
    }
    return entries;
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
