package io.letspulsar.operator;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.model.Tenancy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** PurchaseStreams for tests, written as users write them: YAML. */
public final class Streams {
  public static final OperatorConfig CONFIG =
      new OperatorConfig(
          PulsarCluster.unsecured(
              "http://pulsar-broker.pulsar.svc:8080", "pulsar://pulsar-broker.pulsar.svc:6650"),
          OperatorSettings.DEFAULT_WORKLOAD_IMAGE,
          Duration.ofSeconds(30),
          Duration.ofMinutes(10),
          false);

  /** A PulsarConnection's cluster: TLS, the operator with a token, open to the shop namespace. */
  public static final PulsarCluster SECURED =
      new PulsarCluster(
          "secured",
          "secured-1",
          "https://pulsar.example:8443",
          "pulsar+ssl://pulsar.example:6651",
          new PulsarCluster.Token(Path.of("/tmp/purchasestream-connections/secured/token")),
          Optional.of(Path.of("/tmp/purchasestream-connections/secured/ca.crt")),
          true,
          Tenancy.parse("shop=retail/*"));

  private Streams() {}

  /** A stream resolved with the test defaults, on the operator's own Pulsar. */
  public static StreamModel model(PurchaseStream stream) {
    return StreamModel.fromCrd(stream, CONFIG, CONFIG.pulsar());
  }

  /** {@link #securedKeyShared()} resolved on its connection, {@link #SECURED}. */
  public static StreamModel securedModel() {
    return StreamModel.fromCrd(securedKeyShared(), CONFIG, SECURED);
  }

  /** A stream from YAML, resolved on the operator's own Pulsar. */
  public static StreamModel model(String yaml) {
    return model(parse(yaml));
  }

  public static PurchaseStream parse(String yaml) {
    return Serialization.unmarshal(yaml, PurchaseStream.class);
  }

  /** The demo: everything defaulted. */
  public static PurchaseStream demo() {
    return parse(
        """
        apiVersion: streams.letspulsar.io/v1alpha1
        kind: PurchaseStream
        metadata:
          name: purchases
          namespace: shop
        spec:
          topic:
            name: purchases
        """);
  }

  /** On a PulsarConnection, scaled out, Key_Shared, with a role, a token and a CA from Secrets. */
  public static PurchaseStream securedKeyShared() {
    return parse(
        """
        apiVersion: streams.letspulsar.io/v1alpha1
        kind: PurchaseStream
        metadata:
          name: orders
          namespace: shop
        spec:
          pulsar:
            connection: secured
            role: orders-app
            authentication:
              tokenSecretRef: {name: pulsar-token, key: token}
            tls:
              trustCertsSecretRef: {name: pulsar-ca, key: ca.crt}
          topic:
            tenant: retail
            namespace: eu
            partitions: 3
          producer:
            interval: 0s
            users: [ann, bob]
            items: [pen]
          consumer:
            subscription: audit
            subscriptionType: Key_Shared
            initialPosition: Latest
          replicas: 3
          image: registry.example/workload:2
        """);
  }
}
