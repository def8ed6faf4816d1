package io.letspulsar.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.letspulsar.contract.Batching;
import io.letspulsar.operator.Streams;
import io.letspulsar.operator.api.ConsumerSpec.InitialPosition;
import io.letspulsar.operator.api.ConsumerSpec.SubscriptionType;
import io.letspulsar.operator.api.TopicSpec.DeletionPolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamModelTest {

  @Test
  void aStreamThatSaysNothingGetsEveryDefault() {
    StreamModel model =
        Streams.model(
            """
                apiVersion: streams.letspulsar.io/v1alpha1
                kind: PurchaseStream
                metadata: {name: purchases, namespace: shop, uid: u-1, generation: 3}
                spec: {}
                """);

    assertThat(model.name()).isEqualTo("purchases");
    assertThat(model.uid()).isEqualTo("u-1");
    assertThat(model.generation()).isEqualTo(3);
    assertThat(model.topic().topic()).isEqualTo("persistent://public/default/purchases");
    assertThat(model.deletionPolicy()).isEqualTo(DeletionPolicy.Retain);
    assertThat(model.adoptExisting()).isFalse();
    assertThat(model.pulsar())
        .isEqualTo(
            new StreamModel.Pulsar(
                Streams.CONFIG.pulsar(),
                Optional.empty(),
                new StreamModel.WorkloadAuth.None(),
                Optional.empty(),
                true));
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
    StreamModel model = Streams.securedModel();

    assertThat(model.topic().topic()).isEqualTo("persistent://retail/eu/orders");
    assertThat(model.topic().partitions()).isEqualTo(3);
    assertThat(model.pulsar().cluster()).isEqualTo(Streams.SECURED);
    assertThat(model.pulsar().role()).contains("orders-app");
    assertThat(model.pulsar().authentication())
        .isInstanceOfSatisfying(
            StreamModel.WorkloadAuth.Token.class,
            token -> assertThat(token.secret().name).isEqualTo("pulsar-token"));
    assertThat(model.pulsar().trustCerts()).map(ref -> ref.name).contains("pulsar-ca");
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
            """
                apiVersion: streams.letspulsar.io/v1alpha1
                kind: PurchaseStream
                metadata: {name: only-producer, namespace: shop}
                spec: {consumer: {enabled: false}}
                """);

    assertThat(model.consumer().exclusive()).isFalse();
    assertThat(model.pulsar().authentication()).isEqualTo(new StreamModel.WorkloadAuth.None());
  }
}
