package io.letspulsar.operator;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.model.OperatorConfig;
import io.letspulsar.operator.model.StreamModel;
import java.time.Duration;

/** PurchaseStreams for tests, written as users write them: YAML. */
public final class Streams {
  public static final OperatorConfig CONFIG =
      new OperatorConfig(
          "pulsar://pulsar-broker.pulsar.svc:6650",
          "http://pulsar-broker.pulsar.svc:8080",
          OperatorSettings.DEFAULT_WORKLOAD_IMAGE,
          Duration.ofSeconds(30));

  private Streams() {}

  /** A stream resolved with the test defaults. */
  public static StreamModel model(PurchaseStream stream) {
    return StreamModel.fromCrd(stream, CONFIG);
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

  /** Scaled out, Key_Shared, with a token and a CA from Secrets. */
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
            serviceUrl: pulsar+ssl://pulsar.example:6651
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
