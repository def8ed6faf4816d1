package io.letspulsar.operator.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.letspulsar.contract.Batching;
import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.operator.api.ConsumerSpec;
import io.letspulsar.operator.api.ConsumerSpec.InitialPosition;
import io.letspulsar.operator.api.ConsumerSpec.SubscriptionType;
import io.letspulsar.operator.api.ProducerSpec;
import io.letspulsar.operator.api.PulsarAuthentication;
import io.letspulsar.operator.api.PulsarSpec;
import io.letspulsar.operator.api.PulsarTls;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.PurchaseStreamSpec;
import io.letspulsar.operator.api.SecretKeyRef;
import io.letspulsar.operator.api.TopicSpec;
import io.letspulsar.operator.api.TopicSpec.DeletionPolicy;
import java.util.List;
import java.util.Optional;

/**
 * A PurchaseStream resolved once, with every default applied: the operator's defaults (Helm values)
 * for what the stream leaves out, the CRD's defaults for objects the user left out whole (the API
 * server fills defaults only inside objects that exist), and the Pulsar cluster it uses. Builders,
 * the topic reconciler, the status and the diagnosis read this, never the raw spec.
 *
 * @param generation the stream's metadata.generation this model was made from
 * @param adoptExisting whether the stream takes over a topic no living stream made
 * @param replicas pods running a producer and a consumer each
 * @param image the workload image of both containers
 */
public record StreamModel(
    String name,
    String namespace,
    String uid,
    long generation,
    TopicPlan topic,
    boolean adoptExisting,
    DeletionPolicy deletionPolicy,
    Pulsar pulsar,
    Producer producer,
    Consumer consumer,
    int replicas,
    String image) {

  /**
   * The Pulsar cluster and how the workload reaches it.
   *
   * @param cluster where the topic is managed and the workload connects
   * @param role the role the workload authenticates as, granted produce and consume on the topic
   * @param authentication how the workload authenticates (its Secrets, in the stream's namespace)
   * @param trustCerts the Secret key holding the CA certificates the workload trusts, if any
   * @param verifyHostname whether the workload checks the broker's name in its certificate
   */
  public record Pulsar(
      PulsarCluster cluster,
      Optional<String> role,
      WorkloadAuth authentication,
      Optional<SecretKeyRef> trustCerts,
      boolean verifyHostname) {}

  /** How the workload authenticates; each Secret is mounted into the pods as files. */
  public sealed interface WorkloadAuth {
    /** No authentication. */
    record None() implements WorkloadAuth {}

    /** A token (JWT) from a Secret key. */
    record Token(SecretKeyRef secret) implements WorkloadAuth {}

    /** OAuth2 client credentials; the key file from a Secret key. */
    record OAuth2(String issuerUrl, String audience, String scope, SecretKeyRef credentials)
        implements WorkloadAuth {}

    /** A TLS client certificate from a kubernetes.io/tls Secret (tls.crt, tls.key). */
    record Tls(String secretName) implements WorkloadAuth {}
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

  /**
   * The consumer container and its durable subscription.
   *
   * @param redelivery the redelivery backoff; empty: the workload's
   * @param deadLetterAfter redeliveries before a purchase goes to the dead-letter topic; empty:
   *     none
   */
  public record Consumer(
      boolean enabled,
      String subscription,
      SubscriptionType subscriptionType,
      InitialPosition initialPosition,
      Optional<ConsumerSpec.Redelivery> redelivery,
      Optional<Integer> deadLetterAfter,
      ResourceRequirements resources) {

    /** An Exclusive subscription admits one consumer, so two pods may never overlap. */
    public boolean exclusive() {
      return enabled && subscriptionType == SubscriptionType.Exclusive;
    }
  }

  /**
   * @param cluster the Pulsar cluster the stream's {@code spec.pulsar.connection} names (or the
   *     operator's own)
   */
  public static StreamModel fromCrd(
      PurchaseStream stream, OperatorConfig config, PulsarCluster cluster) {
    // Never null through the API server (the CRD requires it); an older CRD did not.
    PurchaseStreamSpec spec =
        Optional.ofNullable(stream.getSpec()).orElseGet(PurchaseStreamSpec::new);
    String name = stream.getMetadata().getName();
    TopicSpec topic = Optional.ofNullable(spec.topic).orElseGet(TopicSpec::new);
    PulsarSpec pulsar = Optional.ofNullable(spec.pulsar).orElseGet(PulsarSpec::new);
    PulsarTls tls = Optional.ofNullable(pulsar.tls).orElseGet(PulsarTls::new);
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
        Boolean.TRUE.equals(topic.adoptExisting),
        Optional.ofNullable(topic.deletionPolicy).orElse(DeletionPolicy.Retain),
        new Pulsar(
            cluster,
            Optional.ofNullable(pulsar.role),
            workloadAuth(pulsar.authentication),
            Optional.ofNullable(tls.trustCertsSecretRef),
            !Boolean.FALSE.equals(tls.verifyHostname)),
        new Producer(
            !Boolean.FALSE.equals(producer.enabled),
            Optional.ofNullable(producer.interval).orElse(ConfigKeys.DEFAULT_INTERVAL),
            Optional.ofNullable(producer.users),
            Optional.ofNullable(producer.items),
            type == SubscriptionType.Key_Shared ? Batching.KEY_BASED : Batching.MIXED,
            WorkloadResources.of(producer.resources)),
        new Consumer(
            !Boolean.FALSE.equals(consumer.enabled),
            Optional.ofNullable(consumer.subscription).orElse(Names.defaultSubscription(name)),
            type,
            Optional.ofNullable(consumer.initialPosition).orElse(InitialPosition.Earliest),
            Optional.ofNullable(consumer.redelivery),
            Optional.ofNullable(consumer.deadLetter).map(deadLetter -> deadLetter.maxRedeliveries),
            WorkloadResources.of(consumer.resources)),
        Optional.ofNullable(spec.replicas).orElse(1),
        Optional.ofNullable(spec.image).orElse(config.workloadImage()));
  }

  private static WorkloadAuth workloadAuth(PulsarAuthentication auth) {
    if (auth == null) {
      return new WorkloadAuth.None();
    }
    if (auth.tokenSecretRef != null) {
      return new WorkloadAuth.Token(auth.tokenSecretRef);
    }
    if (auth.oauth2 != null) {
      return new WorkloadAuth.OAuth2(
          auth.oauth2.issuerUrl,
          auth.oauth2.audience,
          auth.oauth2.scope,
          auth.oauth2.credentialsSecretRef);
    }
    if (auth.tlsSecretRef != null) {
      return new WorkloadAuth.Tls(auth.tlsSecretRef.name);
    }
    return new WorkloadAuth.None();
  }
}
