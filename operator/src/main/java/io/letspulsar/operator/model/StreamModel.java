package io.letspulsar.operator.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.letspulsar.contract.Batching;
import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.operator.api.ConsumerSpec;
import io.letspulsar.operator.api.ConsumerSpec.InitialPosition;
import io.letspulsar.operator.api.ConsumerSpec.SubscriptionType;
import io.letspulsar.operator.api.ProducerSpec;
import io.letspulsar.operator.api.PulsarSpec;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.PurchaseStreamSpec;
import io.letspulsar.operator.api.SecretKeyRef;
import io.letspulsar.operator.api.TopicSpec;
import io.letspulsar.operator.api.TopicSpec.DeletionPolicy;
import java.util.List;
import java.util.Optional;

/**
 * A PurchaseStream resolved once, with every default applied: the operator's defaults (Helm values)
 * for what the stream leaves out, and the CRD's defaults for objects the user left out whole (the
 * API server fills defaults only inside objects that exist). Builders, the topic reconciler, the
 * status and the diagnosis read this, never the raw spec.
 *
 * @param generation the stream's metadata.generation this model was made from
 * @param replicas pods running a producer and a consumer each
 * @param image the workload image of both containers
 */
public record StreamModel(
    String name,
    String namespace,
    String uid,
    long generation,
    TopicPlan topic,
    DeletionPolicy deletionPolicy,
    Connection pulsar,
    Producer producer,
    Consumer consumer,
    int replicas,
    String image) {

  /**
   * How the workload reaches Pulsar and how the operator manages the topic.
   *
   * @param token the Secret key holding the workload's token, if it authenticates with one
   * @param trustCerts the Secret key holding the CA certificates the workload trusts, if any
   */
  public record Connection(
      String serviceUrl,
      String adminUrl,
      Optional<SecretKeyRef> token,
      Optional<SecretKeyRef> trustCerts) {

    /** The Secret keys the pods mount, the token's first. */
    public List<SecretKeyRef> secrets() {
      return java.util.stream.Stream.of(token, trustCerts).flatMap(Optional::stream).toList();
    }
  }

  /**
   * The producer container.
   *
   * @param users message keys; empty means the workload's demo users
   * @param items payloads; empty means the workload's demo items
   * @param batching Key_Shared consumers need one key per batch; mixed batches are faster
   */
  public record Producer(
      boolean enabled,
      String interval,
      Optional<List<String>> users,
      Optional<List<String>> items,
      Batching batching,
      ResourceRequirements resources) {}

  /** The consumer container and its durable subscription. */
  public record Consumer(
      boolean enabled,
      String subscription,
      SubscriptionType subscriptionType,
      InitialPosition initialPosition,
      ResourceRequirements resources) {

    /** An Exclusive subscription admits one consumer, so two pods may never overlap. */
    public boolean exclusive() {
      return enabled && subscriptionType == SubscriptionType.Exclusive;
    }
  }

  public static StreamModel fromCrd(PurchaseStream stream, OperatorConfig config) {
    PurchaseStreamSpec spec = stream.getSpec();
    String name = stream.getMetadata().getName();
    TopicSpec topic = Optional.ofNullable(spec.topic).orElseGet(TopicSpec::new);
    PulsarSpec pulsar = Optional.ofNullable(spec.pulsar).orElseGet(PulsarSpec::new);
    ProducerSpec producer = Optional.ofNullable(spec.producer).orElseGet(ProducerSpec::new);
    ConsumerSpec consumer = Optional.ofNullable(spec.consumer).orElseGet(ConsumerSpec::new);
    SubscriptionType type =
        Optional.ofNullable(consumer.subscriptionType).orElse(SubscriptionType.Exclusive);
    return new StreamModel(
        name,
        stream.getMetadata().getNamespace(),
        stream.getMetadata().getUid(),
        Optional.ofNullable(stream.getMetadata().getGeneration()).orElse(0L),
        TopicPlan.of(topic, name),
        Optional.ofNullable(topic.deletionPolicy).orElse(DeletionPolicy.Retain),
        new Connection(
            Optional.ofNullable(pulsar.serviceUrl).orElse(config.serviceUrl()),
            Optional.ofNullable(pulsar.adminUrl).orElse(config.adminUrl()),
            Optional.ofNullable(pulsar.authentication).map(auth -> auth.tokenSecretRef),
            Optional.ofNullable(pulsar.tls).map(tls -> tls.trustCertsSecretRef)),
        new Producer(
            !Boolean.FALSE.equals(producer.enabled),
            Optional.ofNullable(producer.interval).orElse(ConfigKeys.DEFAULT_INTERVAL),
            Optional.ofNullable(producer.users),
            Optional.ofNullable(producer.items),
            type == SubscriptionType.Key_Shared ? Batching.KEY_BASED : Batching.MIXED,
            producer.resources),
        new Consumer(
            !Boolean.FALSE.equals(consumer.enabled),
            Optional.ofNullable(consumer.subscription).orElse(Names.defaultSubscription(name)),
            type,
            Optional.ofNullable(consumer.initialPosition).orElse(InitialPosition.Earliest),
            consumer.resources),
        Optional.ofNullable(spec.replicas).orElse(1),
        Optional.ofNullable(spec.image).orElse(config.workloadImage()));
  }
}
