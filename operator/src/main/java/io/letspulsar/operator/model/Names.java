package io.letspulsar.operator.model;

import io.letspulsar.operator.api.ConsumerSpec;
import io.letspulsar.operator.api.PurchaseStream;
import io.letspulsar.operator.api.TopicSpec;
import io.letspulsar.workload.config.ConfigKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every name and label the operator derives from a PurchaseStream, in one place. */
public final class Names {
  public static final String APP = "purchasestream";
  public static final String MANAGER = "purchasestream-operator";
  public static final String PRODUCER = "producer";
  public static final String CONSUMER = "consumer";
  public static final String WORKLOAD = "workload";

  /** Pod-template annotation holding a hash of both properties files: a change rolls the pods. */
  public static final String CONFIG_HASH_ANNOTATION = PurchaseStream.GROUP + "/config-hash";

  /** Where each container finds its properties file (the workload's default directory). */
  public static final String CONFIG_DIR = ConfigKeys.DEFAULT_CONFIG_DIR;

  public static final String TOKEN_DIR = "/var/run/secrets/purchasestream/token";
  public static final String TOKEN_FILE = "token";
  public static final String TLS_DIR = "/var/run/secrets/purchasestream/tls";
  public static final String TLS_FILE = "ca.crt";

  /** The two containers share the pod's network, so each has its own health port. */
  public static final int PRODUCER_HEALTH_PORT = 8080;

  public static final int CONSUMER_HEALTH_PORT = 8081;

  private Names() {}

  public static String deployment(PurchaseStream stream) {
    return stream.getMetadata().getName();
  }

  public static String configMap(PurchaseStream stream, String component) {
    return stream.getMetadata().getName() + "-" + component;
  }

  public static String propertiesFile(String component) {
    return component + ".properties";
  }

  /** The full topic name, e.g. {@code persistent://public/default/purchases}. */
  public static String topic(PurchaseStream stream) {
    TopicSpec topic = Optional.ofNullable(stream.getSpec().topic).orElseGet(TopicSpec::new);
    boolean persistent = !Boolean.FALSE.equals(topic.persistent);
    return (persistent ? "persistent" : "non-persistent")
        + "://"
        + Optional.ofNullable(topic.tenant).orElse("public")
        + "/"
        + Optional.ofNullable(topic.namespace).orElse("default")
        + "/"
        + Optional.ofNullable(topic.name).orElse(stream.getMetadata().getName());
  }

  public static String subscription(PurchaseStream stream) {
    return Optional.ofNullable(stream.getSpec().consumer)
        .map(consumer -> consumer.subscription)
        .orElse(stream.getMetadata().getName() + "-sub");
  }

  public static ConsumerSpec.SubscriptionType subscriptionType(PurchaseStream stream) {
    return Optional.ofNullable(stream.getSpec().consumer)
        .map(consumer -> consumer.subscriptionType)
        .orElse(ConsumerSpec.SubscriptionType.Exclusive);
  }

  /** Labels that select this stream's pods; never change once a Deployment exists. */
  public static Map<String, String> selector(PurchaseStream stream) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", APP);
    labels.put("app.kubernetes.io/instance", stream.getMetadata().getName());
    return labels;
  }

  /** The standard labels of everything the operator makes for this stream. */
  public static Map<String, String> labels(PurchaseStream stream, String component) {
    Map<String, String> labels = selector(stream);
    labels.put("app.kubernetes.io/component", component);
    labels.put("app.kubernetes.io/managed-by", MANAGER);
    return labels;
  }

  /** The label selector as text, for the scale subresource's status. */
  public static String selectorText(PurchaseStream stream) {
    StringBuilder text = new StringBuilder();
    selector(stream)
        .forEach(
            (key, value) ->
                text.append(text.length() == 0 ? "" : ",").append(key).append('=').append(value));
    return text.toString();
  }
}
