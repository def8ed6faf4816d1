package io.letspulsar.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.letspulsar.operator.Streams;
import org.junit.jupiter.api.Test;

class WorkloadNetworkPolicyTest {

  private static String port(NetworkPolicyPort port) {
    return port.getProtocol() + "/" + port.getPort().getIntVal();
  }

  @Test
  void podsTakeOnlyHealthAndMetricsInAndReachOnlyDnsAndTheirBroker() {
    NetworkPolicy policy = WorkloadNetworkPolicy.desired(Streams.securedModel());

    assertThat(policy.getMetadata().getName()).isEqualTo("orders");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Names.selector(Streams.securedModel()));
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            in ->
                assertThat(in.getPorts())
                    .extracting(WorkloadNetworkPolicyTest::port)
                    .containsExactly("TCP/8080", "TCP/8081"));
    assertThat(policy.getSpec().getEgress())
        .singleElement()
        .satisfies(
            out ->
                assertThat(out.getPorts())
                    .extracting(WorkloadNetworkPolicyTest::port)
                    .containsExactly("UDP/53", "TCP/53", "TCP/6651"));
  }

  @Test
  void anOAuth2WorkloadMayAlsoReachItsIssuer() {
    StreamModel stream =
        Streams.model(
            """
            apiVersion: streams.letspulsar.io/v1alpha1
            kind: PurchaseStream
            metadata: {name: managed, namespace: shop}
            spec:
              pulsar:
                authentication:
                  oauth2:
                    issuerUrl: https://auth.example.com/
                    credentialsSecretRef: {name: key, key: credentials.json}
            """);

    assertThat(WorkloadNetworkPolicy.desired(stream).getSpec().getEgress().get(0).getPorts())
        .extracting(WorkloadNetworkPolicyTest::port)
        .containsExactly("UDP/53", "TCP/53", "TCP/6650", "TCP/443");
  }

  @Test
  void portsComeFromTheUrlOrItsScheme() {
    assertThat(WorkloadNetworkPolicy.port("pulsar://pulsar:6650")).isEqualTo(6650);
    assertThat(WorkloadNetworkPolicy.port("pulsar+ssl://pulsar")).isEqualTo(6651);
    assertThat(WorkloadNetworkPolicy.port("pulsar://pulsar")).isEqualTo(6650);
    assertThat(WorkloadNetworkPolicy.port("http://auth")).isEqualTo(80);
    assertThat(WorkloadNetworkPolicy.port("https://auth:8443/")).isEqualTo(8443);
  }
}
