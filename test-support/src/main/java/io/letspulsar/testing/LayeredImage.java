package io.letspulsar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An image tar put on a base image tar, as Jib would have built it there: the base's layers, then
 * the image's; the image's config with the base's environment under its own. For the sandbox's real
 * node, which imports the workload's image (built on an empty base for the process kubelet) on the
 * JRE base of {@code tools/node/fetch.sh} without another build. Both tars and the result are
 * docker-archive tars; the work is done by {@code tar}.
 */
public final class LayeredImage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LayeredImage() {}

  /** The JRE base {@code tools/node/fetch.sh} makes, under {@link LocalNode#RUNTIME_PROPERTY}. */
  public static Path jreBase() {
    return Path.of(System.getProperty(LocalNode.RUNTIME_PROPERTY, "."), "images", "jre.tar");
  }

  /**
   * Writes {@code out}: {@code image} on {@code base}, named {@code name}.
   *
   * @param name the reference pods name it by, e.g. {@code ghcr.io/letspulsar/workload:0.1.0}
   * @param work an empty directory for the unpacked tars (left for the caller to delete)
   */
  public static Path onBase(Path base, Path image, String name, Path out, Path work) {
    try {
      Path dir = Files.createDirectories(work.resolve("layered"));
      Commands.run("tar", "-xf", base.toString(), "-C", dir.toString());
      JsonNode baseManifest = JSON.readTree(dir.resolve("manifest.json").toFile()).get(0);
      JsonNode baseConfig =
          JSON.readTree(dir.resolve(baseManifest.get("Config").asText()).toFile());
      Commands.run("tar", "-xf", image.toString(), "-C", dir.toString());
      ArrayNode manifests = (ArrayNode) JSON.readTree(dir.resolve("manifest.json").toFile());
      ObjectNode manifest = (ObjectNode) manifests.get(0);
      ObjectNode config =
          (ObjectNode) JSON.readTree(dir.resolve(manifest.get("Config").asText()).toFile());

      ArrayNode layers = ((ArrayNode) baseManifest.get("Layers")).deepCopy();
      layers.addAll((ArrayNode) manifest.get("Layers"));
      manifest.set("Layers", layers);
      ArrayNode diffIds = ((ArrayNode) baseConfig.at("/rootfs/diff_ids")).deepCopy();
      diffIds.addAll((ArrayNode) config.at("/rootfs/diff_ids"));
      ((ObjectNode) config.get("rootfs")).set("diff_ids", diffIds);
      config.remove("history");
      ((ObjectNode) config.get("config"))
          .set("Env", env(baseConfig.at("/config/Env"), config.at("/config/Env")));

      String configName = "config-on-base.json";
      JSON.writeValue(dir.resolve(configName).toFile(), config);
      manifest.put("Config", configName);
      manifest.set("RepoTags", JSON.createArrayNode().add(name));
      JSON.writeValue(dir.resolve("manifest.json").toFile(), manifests);
      Commands.run("tar", "-cf", out.toString(), "-C", dir.toString(), ".");
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code NAME=value} entries of both, the image's winning by name. */
  private static ArrayNode env(JsonNode base, JsonNode image) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (JsonNode entries : new JsonNode[] {base, image}) {
      entries.forEach(entry -> byName.put(entry.asText().split("=", 2)[0], entry.asText()));
    }
    ArrayNode env = JSON.createArrayNode();
    byName.values().forEach(env::add);
    return env;
  }
}
