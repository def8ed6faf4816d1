package io.letspulsar.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.letspulsar.contract.Batching;
import io.letspulsar.operator.Streams;
import io.letspulsar.operator.api.ConsumerSpec.InitialPosition;
import io.letspulsar.operator.api.ConsumerSpec.SubscriptionType;
import io.letspulsar.operator.api.SecretKeyRef;
import io.letspulsar.operator.api.TopicSpec.DeletionPolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamModelTest {

  @Test
  void aStreamThatSaysNothingGetsEveryDefault() {
    StreamModel model =
        Streams.model(
            Streams.parse(
                """
                apiVersion: streams.letspulsar.io/v1alpha1
                kind: PurchaseStream
                metadata: {name: purchases, namespace: shop, uid: u-1, generation: 3}
                spec: {}
                """));

    assertThat(model.name()).isEqualTo("purchases");
    assertThat(model.uid()).isEqualTo("u-1");
    assertThat(model.generation()).isEqualTo(3);
    assertThat(model.topic().topic()).isEqualTo("persistent://public/default/purchases");
    assertThat(model.deletionPolicy()).isEqualTo(DeletionPolicy.Retain);
    assertThat(model.pulsar())
        .isEqualTo(
            new StreamModel.Connection(
                Streams.CONFIG.serviceUrl(),
                Streams.CONFIG.adminUrl(),
                Optional.empty(),
                Optional.empty()));
    assertThat(model.producer().enabled()).isTrue();
    assertThat(model.producer().interval()).isEqualTo("5s");
    assertThat(model.producer().batching()).isEqualTo(Batching.MIXED);
    assertThat(model.consumer().enabled()).isTrue();
    assertThat(model.consumer().subscription()).isEqualTo("purchases-sub");
    assertThat(model.consumer().subscriptionType()).isEqualTo(SubscriptionType.Exclusive);
    assertThat(model.consumer().initialPosition()).isEqualTo(InitialPosition.Earliest);
    assertThat(model.consumer().exclusive()).isTrue();
    assertThat(model.replicas()).isEqualTo(1);
    assertThat(model.image()).isEqualTo(Streams.CONFIG.workloadImage());
  }

  @Test
  void whatTheStreamSaysWins() {
    StreamModel model = Streams.model(Streams.securedKeyShared());

    assertThat(model.topic().topic()).isEqualTo("persistent://retail/eu/orders");
    assertThat(model.topic().partitions()).isEqualTo(3);
    assertThat(model.pulsar().serviceUrl()).isEqualTo("pulsar+ssl://pulsar.example:6651");
    assertThat(model.pulsar().secrets())
        .extracting(ref -> ref.name + "/" + ref.key)
        .containsExactly("pulsar-token/token", "pulsar-ca/ca.crt");
    assertThat(model.producer().interval()).isEqualTo("0s");
    assertThat(model.producer().users()).contains(List.of("ann", "bob"));
    assertThat(model.producer().batching()).isEqualTo(Batching.KEY_BASED);
    assertThat(model.consumer().subscription()).isEqualTo("audit");
    assertThat(model.consumer().exclusive()).isFalse();
    assertThat(model.replicas()).isEqualTo(3);
    assertThat(model.image()).isEqualTo("registry.example/workload:2");
  }

  @Test
  void aDisabledExclusiveConsumerDoesNotHoldPodsApart() {
    StreamModel model =
        Streams.model(
            Streams.parse(
                """
                apiVersion: streams.letspulsar.io/v1alpha1
                kind: PurchaseStream
                metadata: {name: only-producer, namespace: shop}
                spec: {consumer: {enabled: false}}
                """));

    assertThat(model.consumer().exclusive()).isFalse();
    assertThat(model.pulsar().secrets()).isEqualTo(List.<SecretKeyRef>of());
  }
}
