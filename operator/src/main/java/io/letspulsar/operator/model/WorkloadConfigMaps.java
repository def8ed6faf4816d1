package io.letspulsar.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.letspulsar.contract.ConfigKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** The ConfigMaps {@code <name>-producer} and {@code <name>-consumer}; pure builders. */
public final class WorkloadConfigMaps {
  private WorkloadConfigMaps() {}

  /** The ConfigMap of {@link Names#PRODUCER} or {@link Names#CONSUMER}. */
  public static ConfigMap of(StreamModel stream, String component) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(Names.configMap(stream, component))
        .withNamespace(stream.namespace())
        .withLabels(Names.labels(stream, component))
        .endMetadata()
        .withData(Map.of(ConfigKeys.propertiesFile(component), properties(stream, component)))
        .build();
  }

  /** A short hash of both files; it goes into the pod template so a change rolls the pods. */
  public static String hash(StreamModel stream) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(WorkloadProperties.producer(stream).getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(WorkloadProperties.consumer(stream).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String properties(StreamModel stream, String component) {
    return component.equals(Names.PRODUCER)
        ? WorkloadProperties.producer(stream)
        : WorkloadProperties.consumer(stream);
  }
}
