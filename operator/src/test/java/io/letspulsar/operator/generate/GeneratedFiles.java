package io.letspulsar.operator.generate;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.letspulsar.operator.api.PulsarConnection;
import io.letspulsar.operator.api.PurchaseStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the files made from the code, so nobody copies them by hand: each custom resource's CRD
 * (into the operator jar, {@code crds/} and the Helm chart's {@code crds/}), its reference page in
 * {@code docs/reference/}, and the chart's version and appVersion (the project's version). The
 * build runs it after compiling; CI fails when the committed files differ from what it wrote.
 *
 * <p>The CRD's printer columns come in the order the class declares them ({@code NAME} first and
 * {@code AGE} last, as {@code kubectl get} shows Kubernetes' own kinds): the CRD generator sorts
 * them by JSON path, which would put AGE first.
 */
public final class GeneratedFiles {
  private static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(PurchaseStream.class, PulsarConnection.class);

  private GeneratedFiles() {}

  /**
   * @param args the repository's root, the operator's classes directory, the project version
   */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path classes = Path.of(args[1]);
    String version = args[2];
    Path generated = classes.resolve("META-INF/fabric8");
    Files.createDirectories(generated);
    for (Class<? extends HasMetadata> resource : RESOURCES) {
      new CRDGenerator()
          .customResourceClasses(resource)
          .forCRDVersions("v1")
          .withPostProcessor(declaredColumnOrder(resource))
          .inOutputDir(generated.toFile())
          .generate();
    }
    Path chart = root.resolve("helm/purchasestream-operator");
    try (var crds = Files.list(generated)) {
      for (Path crd : crds.sorted().toList()) {
        String text = Files.readString(crd);
        write(root.resolve("crds").resolve(crd.getFileName()), text);
        write(chart.resolve("crds").resolve(crd.getFileName()), text);
        CustomResourceDefinition definition =
            Serialization.unmarshal(text, CustomResourceDefinition.class);
        write(
            root.resolve("docs/reference")
                .resolve(definition.getSpec().getNames().getSingular() + ".md"),
            CrdReference.render(definition, crd.getFileName().toString()));
      }
    }
    Path chartFile = chart.resolve("Chart.yaml");
    write(
        chartFile,
        Files.readString(chartFile)
            .replaceFirst("(?m)^version: .*$", "version: " + version)
            .replaceFirst("(?m)^appVersion: .*$", "appVersion: \"" + version + "\""));
  }

  private static CRDPostProcessor declaredColumnOrder(Class<?> resource) {
    List<String> declared =
        Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    return new CRDPostProcessor() {
      @Override
      public HasMetadata process(HasMetadata crd, String specVersion) {
        for (var version : ((CustomResourceDefinition) crd).getSpec().getVersions()) {
          List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
          if (columns != null) {
            columns.sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
          }
        }
        return crd;
      }
    };
  }

  /** Writes only what changed, so an up-to-date tree keeps its timestamps. */
  private static void write(Path file, String text) throws IOException {
    if (!Files.exists(file) || !Files.readString(file).equals(text)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    }
  }
}
