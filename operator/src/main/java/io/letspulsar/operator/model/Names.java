package io.letspulsar.operator.model;

import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.operator.api.PurchaseStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Every name and label the operator derives from a PurchaseStream, in one place. */
public final class Names {
  public static final String APP = "purchasestream";
  public static final String MANAGER = "purchasestream-operator";
  public static final String PRODUCER = ConfigKeys.PRODUCER;
  public static final String CONSUMER = ConfigKeys.CONSUMER;
  public static final String WORKLOAD = "workload";
  public static final String NETWORK = "network";

  /** Pod-template annotation holding a hash of both properties files: a change rolls the pods. */
  public static final String CONFIG_HASH_ANNOTATION = PurchaseStream.GROUP + "/config-hash";

  /** Label every object the operator makes carries; its informers watch only those. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  static final String DEFAULT_TENANT = "public";
  static final String DEFAULT_NAMESPACE = "default";

  private Names() {}

  public static String deployment(StreamModel stream) {
    return stream.name();
  }

  public static String configMap(StreamModel stream, String component) {
    return stream.name() + "-" + component;
  }

  /** The full topic name, e.g. {@code persistent://public/default/purchases}. */
  static String topic(boolean persistent, String tenant, String namespace, String name) {
    return (persistent ? "persistent" : "non-persistent")
        + "://"
        + tenant
        + "/"
        + namespace
        + "/"
        + name;
  }

  /**
   * The dead-letter topic of a stream's topic: {@code <name>-DLQ} beside it, always persistent (a
   * stream has one subscription, so the topic's name alone tells it apart).
   */
  static String deadLetterTopic(String tenant, String namespace, String topic) {
    return topic(true, tenant, namespace, topic.substring(topic.lastIndexOf('/') + 1) + "-DLQ");
  }

  static String defaultSubscription(String streamName) {
    return streamName + "-sub";
  }

  /** Labels that select this stream's pods; never change once a Deployment exists. */
  public static Map<String, String> selector(StreamModel stream) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", APP);
    labels.put("app.kubernetes.io/instance", stream.name());
    return labels;
  }

  /** The standard labels of everything the operator makes for this stream. */
  public static Map<String, String> labels(StreamModel stream, String component) {
    Map<String, String> labels = selector(stream);
    labels.put(COMPONENT_LABEL, component);
    labels.put(MANAGED_BY_LABEL, MANAGER);
    return labels;
  }

  /** The label selector as text, for the scale subresource's status. */
  public static String selectorText(StreamModel stream) {
    return selector(stream).entrySet().stream()
        .map(label -> label.getKey() + "=" + label.getValue())
        .collect(Collectors.joining(","));
  }
}
