package io.letspulsar.operator.model;

import static io.letspulsar.contract.ConfigKeys.*;

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
import io.letspulsar.contract.ConfigKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Deployment {@code <name>}: a producer and a consumer container of the workload image, each
 * reading its properties file from its ConfigMap, with the token and CA mounted from their Secrets,
 * probes on the workload's health endpoint and a restricted security context. Pure.
 */
public final class WorkloadDeployment {
  /** The uid and gid the images run as (Jib's {@code <user>} in the parent POM). */
  private static final long WORKLOAD_USER = 65532;

  private static final String TMP = "tmp";
  private static final String TOKEN = "pulsar-token";
  private static final String OAUTH2 = "pulsar-oauth2";
  private static final String TLS_CLIENT = "pulsar-tls-client";
  private static final String TLS = "pulsar-tls";
  private static final Map<String, String> MOUNTS =
      Map.of(TOKEN, TOKEN_DIR, OAUTH2, OAUTH2_DIR, TLS_CLIENT, TLS_CLIENT_DIR, TLS, TLS_DIR);

  private WorkloadDeployment() {}

  public static Deployment desired(StreamModel stream) {
    List<Container> containers = new ArrayList<>();
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName(TMP).withNewEmptyDir().endEmptyDir().build());
    if (stream.producer().enabled()) {
      containers.add(
          container(stream, Names.PRODUCER, PRODUCER_HEALTH_PORT, stream.producer().resources()));
      volumes.add(configVolume(stream, Names.PRODUCER));
    }
    if (stream.consumer().enabled()) {
      containers.add(
          container(stream, Names.CONSUMER, CONSUMER_HEALTH_PORT, stream.consumer().resources()));
      volumes.add(configVolume(stream, Names.CONSUMER));
    }
    volumes.addAll(secretVolumes(stream));

    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(Names.deployment(stream))
        .withNamespace(stream.namespace())
        .withLabels(Names.labels(stream, Names.WORKLOAD))
        .endMetadata()
        .withNewSpec()
        .withReplicas(stream.replicas())
        // An Exclusive subscription takes one consumer: a rolling update's new pod could never
        // subscribe while the old one holds it, so the old pod goes first.
        .withNewStrategy()
        .withType(stream.consumer().exclusive() ? "Recreate" : "RollingUpdate")
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(Names.selector(stream))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Names.labels(stream, Names.WORKLOAD))
        .withAnnotations(Map.of(Names.CONFIG_HASH_ANNOTATION, WorkloadConfigMaps.hash(stream)))
        .endMetadata()
        .withNewSpec()
        // The workload never calls the Kubernetes API: no token in its pods.
        .withAutomountServiceAccountToken(false)
        // The image's user, stated: a linter (checkov) and the admission of a restricted
        // namespace trust an explicit non-root uid and gid.
        .withNewSecurityContext()
        .withRunAsUser(WORKLOAD_USER)
        .withRunAsGroup(WORKLOAD_USER)
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
      StreamModel stream, String component, int healthPort, ResourceRequirements resources) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(TMP, "/tmp"));
    mounts.add(mount(component + "-config", DEFAULT_CONFIG_DIR));
    secretVolumes(stream)
        .forEach(volume -> mounts.add(mount(volume.getName(), MOUNTS.get(volume.getName()))));
    return new ContainerBuilder()
        .withName(component)
        .withImage(stream.image())
        .withArgs(
            component, "--config", DEFAULT_CONFIG_DIR + "/" + ConfigKeys.propertiesFile(component))
        .addNewPort()
        .withName(component + "-health")
        .withContainerPort(healthPort)
        .withProtocol("TCP")
        .endPort()
        .withLivenessProbe(probe(LIVENESS_PATH, healthPort))
        // Unready after three failed checks (Kubernetes' default, 20 to 30 s): a broker restart or
        // a topic moving to another broker reconnects the client in seconds, and the stream's
        // WorkloadReady should not flap with it.
        .withReadinessProbe(probe(READINESS_PATH, healthPort))
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
  private static Probe probe(String path, int port) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(port))
        .endHttpGet()
        .build();
  }

  private static Volume configVolume(StreamModel stream, String component) {
    return new VolumeBuilder()
        .withName(component + "-config")
        .withNewConfigMap()
        .withName(Names.configMap(stream, component))
        .endConfigMap()
        .build();
  }

  /** The workload's Secrets, each as the file names the properties point at; pure. */
  public static List<Volume> secretVolumes(StreamModel stream) {
    List<Volume> volumes = new ArrayList<>();
    StreamModel.WorkloadAuth auth = stream.pulsar().authentication();
    if (auth instanceof StreamModel.WorkloadAuth.Token token) {
      volumes.add(
          secretVolume(TOKEN, token.secret().name, Map.of(token.secret().key, TOKEN_FILE_NAME)));
    } else if (auth instanceof StreamModel.WorkloadAuth.OAuth2 oauth2) {
      volumes.add(
          secretVolume(
              OAUTH2,
              oauth2.credentials().name,
              Map.of(oauth2.credentials().key, OAUTH2_FILE_NAME)));
    } else if (auth instanceof StreamModel.WorkloadAuth.Tls tls) {
      volumes.add(
          secretVolume(
              TLS_CLIENT,
              tls.secretName(),
              Map.of(
                  TLS_CLIENT_CERT_FILE_NAME,
                  TLS_CLIENT_CERT_FILE_NAME,
                  TLS_CLIENT_KEY_FILE_NAME,
                  TLS_CLIENT_KEY_FILE_NAME)));
    }
    stream
        .pulsar()
        .trustCerts()
        .ifPresent(ref -> volumes.add(secretVolume(TLS, ref.name, Map.of(ref.key, TLS_FILE_NAME))));
    return volumes;
  }

  /** A Secret's keys as files, in key order. */
  private static Volume secretVolume(String name, String secret, Map<String, String> files) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
        .withSecretName(secret)
        .withItems(
            new java.util.TreeMap<>(files)
                .entrySet().stream()
                    .map(
                        file ->
                            new io.fabric8.kubernetes.api.model.KeyToPathBuilder()
                                .withKey(file.getKey())
                                .withPath(file.getValue())
                                .build())
                    .toList())
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
}
