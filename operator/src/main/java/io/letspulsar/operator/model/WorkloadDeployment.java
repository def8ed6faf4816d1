package io.letspulsar.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.letspulsar.operator.api.ConsumerSpec;
import io.letspulsar.operator.api.ProducerSpec;
import io.letspulsar.operator.api.PulsarSpec;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.SecretKeyRef;
import io.letspulsar.workload.config.ConfigKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Deployment {@code <name>}: a producer and a consumer container of the workload image, each
 * reading its properties file from its ConfigMap, with the token and CA mounted from their Secrets,
 * probes on the workload's health endpoint and a restricted security context. Pure.
 */
public final class WorkloadDeployment {
  private static final String TMP = "tmp";
  private static final String TOKEN = "pulsar-token";
  private static final String TLS = "pulsar-tls";

  private WorkloadDeployment() {}

  public static Deployment desired(PurchaseStream stream, OperatorConfig config) {
    List<Container> containers = new ArrayList<>();
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName(TMP).withNewEmptyDir().endEmptyDir().build());
    ProducerSpec producer =
        Optional.ofNullable(stream.getSpec().producer).orElseGet(ProducerSpec::new);
    ConsumerSpec consumer =
        Optional.ofNullable(stream.getSpec().consumer).orElseGet(ConsumerSpec::new);
    if (!Boolean.FALSE.equals(producer.enabled)) {
      containers.add(
          container(
              stream, config, Names.PRODUCER, Names.PRODUCER_HEALTH_PORT, producer.resources));
      volumes.add(configVolume(stream, Names.PRODUCER));
    }
    if (!Boolean.FALSE.equals(consumer.enabled)) {
      containers.add(
          container(
              stream, config, Names.CONSUMER, Names.CONSUMER_HEALTH_PORT, consumer.resources));
      volumes.add(configVolume(stream, Names.CONSUMER));
    }
    // An Exclusive subscription takes one consumer: a rolling update's new pod could never
    // subscribe while the old one holds it, so the old pod goes first.
    boolean exclusive =
        !Boolean.FALSE.equals(consumer.enabled)
            && Names.subscriptionType(stream) == ConsumerSpec.SubscriptionType.Exclusive;
    PulsarSpec pulsar = Optional.ofNullable(stream.getSpec().pulsar).orElseGet(PulsarSpec::new);
    tokenRef(pulsar).ifPresent(ref -> volumes.add(secretVolume(TOKEN, ref, Names.TOKEN_FILE)));
    trustRef(pulsar).ifPresent(ref -> volumes.add(secretVolume(TLS, ref, Names.TLS_FILE)));

    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(Names.deployment(stream))
        .withNamespace(stream.getMetadata().getNamespace())
        .withLabels(Names.labels(stream, Names.WORKLOAD))
        .endMetadata()
        .withNewSpec()
        .withReplicas(Optional.ofNullable(stream.getSpec().replicas).orElse(1))
        .withNewStrategy()
        .withType(exclusive ? "Recreate" : "RollingUpdate")
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(Names.selector(stream))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Names.labels(stream, Names.WORKLOAD))
        .withAnnotations(
            Map.of(Names.CONFIG_HASH_ANNOTATION, WorkloadConfigMaps.hash(stream, config)))
        .endMetadata()
        .withNewSpec()
        // The workload never calls the Kubernetes API: no token in its pods.
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(containers)
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container container(
      PurchaseStream stream,
      OperatorConfig config,
      String component,
      int healthPort,
      ResourceRequirements resources) {
    PulsarSpec pulsar = Optional.ofNullable(stream.getSpec().pulsar).orElseGet(PulsarSpec::new);
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(TMP, "/tmp"));
    mounts.add(mount(component + "-config", Names.CONFIG_DIR));
    tokenRef(pulsar).ifPresent(ref -> mounts.add(mount(TOKEN, Names.TOKEN_DIR)));
    trustRef(pulsar).ifPresent(ref -> mounts.add(mount(TLS, Names.TLS_DIR)));
    return new ContainerBuilder()
        .withName(component)
        .withImage(Optional.ofNullable(stream.getSpec().image).orElse(config.workloadImage()))
        .withArgs(component, "--config", Names.CONFIG_DIR + "/" + Names.propertiesFile(component))
        .addNewPort()
        .withName(component + "-health")
        .withContainerPort(healthPort)
        .withProtocol("TCP")
        .endPort()
        .withLivenessProbe(probe(ConfigKeys.LIVENESS_PATH, healthPort, null))
        // Out of the Service at the first failed check: the consumer lost Pulsar.
        .withReadinessProbe(probe(ConfigKeys.READINESS_PATH, healthPort, 1))
        .withResources(resources)
        .withVolumeMounts(mounts)
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .build();
  }

  /** Only what differs from the API server's defaults, so the object compares equal later. */
  private static Probe probe(String path, int port, Integer failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(port))
        .endHttpGet()
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static Volume configVolume(PurchaseStream stream, String component) {
    return new VolumeBuilder()
        .withName(component + "-config")
        .withNewConfigMap()
        .withName(Names.configMap(stream, component))
        .endConfigMap()
        .build();
  }

  private static Volume secretVolume(String name, SecretKeyRef ref, String file) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
        .withSecretName(ref.name)
        .addNewItem()
        .withKey(ref.key)
        .withPath(file)
        .endItem()
        .endSecret()
        .build();
  }

  /** Read-only, except the scratch directory (left unset there: the API server's default). */
  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withReadOnly(volume.equals(TMP) ? null : true)
        .build();
  }

  private static Optional<SecretKeyRef> tokenRef(PulsarSpec pulsar) {
    return Optional.ofNullable(pulsar.authentication).map(auth -> auth.tokenSecretRef);
  }

  private static Optional<SecretKeyRef> trustRef(PulsarSpec pulsar) {
    return Optional.ofNullable(pulsar.tls).map(tls -> tls.trustCertsSecretRef);
  }
}
