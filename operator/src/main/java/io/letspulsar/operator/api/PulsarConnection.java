package io.letspulsar.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Pulsar cluster the operator may manage topics on, declared by whoever runs the operator: its
 * URLs, the operator's credentials (from Secrets in the operator's namespace), the TLS trust, and
 * which Kubernetes namespaces may use which Pulsar namespaces. PurchaseStreams name one with {@code
 * spec.pulsar.connection}; the printer columns appear in the order declared here.
 */
@Group(PurchaseStream.GROUP)
@Version(PurchaseStream.VERSION)
@Plural("pulsarconnections")
@ShortNames("pconn")
@Categories("pulsar")
@AdditionalPrinterColumn(
    name = "STATUS",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "ADMIN-URL",
    jsonPath = ".spec.adminUrl",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "AUTH",
    jsonPath = ".status.authentication",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "BROKER",
    jsonPath = ".status.brokerVersion",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class PulsarConnection extends CustomResource<PulsarConnectionSpec, PulsarConnectionStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;

  // Overridden only to describe the two halves for `kubectl explain`.
  @Override
  @JsonPropertyDescription(
      "Where the Pulsar cluster is, how the operator authenticates to it, and which namespaces"
          + " may use it.")
  @Required
  public PulsarConnectionSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Whether the operator reaches the cluster and is accepted, and the broker version it saw."
          + " Read-only.")
  public PulsarConnectionStatus getStatus() {
    return super.getStatus();
  }
}
