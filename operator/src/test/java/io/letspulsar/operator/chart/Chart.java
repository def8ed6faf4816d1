package io.letspulsar.operator.chart;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The operator's Helm chart, rendered offline by the real Helm engine. */
public final class Chart {
  public static final Path DIR = Path.of("../helm/purchasestream-operator");

  private Chart() {}

  /**
   * The objects {@code helm template pso <chart> --namespace <namespace> --set <sets>} renders.
   *
   * @param sets {@code key=value} pairs, as {@code --set} takes them
   */
  public static List<HasMetadata> render(String namespace, String... sets) {
    return renderRelease("pso", namespace, sets);
  }

  /** The objects of a release of this name: two releases in one cluster do not collide. */
  public static List<HasMetadata> renderRelease(String release, String namespace, String... sets) {
    var template = new Helm(DIR).template().withName(release).withNamespace(namespace);
    for (String set : sets) {
      String[] keyValue = set.split("=", 2);
      template.set(keyValue[0], keyValue[1]);
    }
    return Arrays.stream(template.call().split("(?m)^---\\s*$"))
        .map(String::strip)
        .filter(doc -> doc.lines().anyMatch(line -> line.startsWith("kind:")))
        .map(doc -> Serialization.unmarshal(doc, HasMetadata.class))
        .toList();
  }
}
