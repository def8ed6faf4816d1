package io.letspulsar.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.letspulsar.contract.ConfigKeys;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The NetworkPolicy {@code <name>} of a stream's pods, when the operator renders them: in, only the
 * producer's and the consumer's health and metrics ports; out, only DNS, the Pulsar broker's port
 * and, for OAuth2, the issuer's. Pure.
 */
public final class WorkloadNetworkPolicy {
  private static final int DNS = 53;

  private WorkloadNetworkPolicy() {}

  public static NetworkPolicy desired(StreamModel stream) {
    List<NetworkPolicyPort> out = new ArrayList<>();
    out.add(port("UDP", DNS));
    out.add(port("TCP", DNS));
    out.add(port("TCP", port(stream.pulsar().cluster().serviceUrl())));
    if (stream.pulsar().authentication() instanceof StreamModel.WorkloadAuth.OAuth2 oauth2) {
      out.add(port("TCP", port(oauth2.issuerUrl())));
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(Names.deployment(stream))
        .withNamespace(stream.namespace())
        .withLabels(Names.labels(stream, Names.NETWORK))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Names.selector(stream))
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .withPorts(
            port("TCP", ConfigKeys.PRODUCER_HEALTH_PORT),
            port("TCP", ConfigKeys.CONSUMER_HEALTH_PORT))
        .endIngress()
        .addNewEgress()
        .withPorts(out.stream().distinct().toList())
        .endEgress()
        .endSpec()
        .build();
  }

  /** The port of a URL, or its scheme's: pulsar 6650, pulsar+ssl 6651, http 80, https 443. */
  static int port(String url) {
    URI uri = URI.create(url);
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return switch (uri.getScheme()) {
      case "pulsar" -> 6650;
      case "pulsar+ssl" -> 6651;
      case "http" -> 80;
      default -> 443;
    };
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(port))
        .build();
  }
}
