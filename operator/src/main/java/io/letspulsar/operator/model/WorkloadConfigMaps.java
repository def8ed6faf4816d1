package io.letspulsar.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.letspulsar.operator.api.PurchaseStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** The ConfigMaps {@code <name>-producer} and {@code <name>-consumer}; pure builders. */
public final class WorkloadConfigMaps {
  private WorkloadConfigMaps() {}

  public static ConfigMap producer(PurchaseStream stream, OperatorConfig config) {
    return configMap(stream, Names.PRODUCER, WorkloadProperties.producer(stream, config));
  }

  public static ConfigMap consumer(PurchaseStream stream, OperatorConfig config) {
    return configMap(stream, Names.CONSUMER, WorkloadProperties.consumer(stream, config));
  }

  /** A short hash of both files; it goes into the pod template so a change rolls the pods. */
  public static String hash(PurchaseStream stream, OperatorConfig config) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(WorkloadProperties.producer(stream, config).getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(WorkloadProperties.consumer(stream, config).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static ConfigMap configMap(PurchaseStream stream, String component, String properties) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(Names.configMap(stream, component))
        .withNamespace(stream.getMetadata().getNamespace())
        .withLabels(Names.labels(stream, component))
        .endMetadata()
        .withData(Map.of(Names.propertiesFile(component), properties))
        .build();
  }
}
