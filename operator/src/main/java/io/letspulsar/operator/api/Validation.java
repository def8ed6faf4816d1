package io.letspulsar.operator.api;

/**
 * Patterns and limits the CRDs share, so that {@code kubectl apply} refuses, with the field named,
 * what the operator or the workload could not honour. Each is used in annotations (compile-time
 * constants); the reasons are in the fields' descriptions.
 */
final class Validation {
  /** A Kubernetes object name (DNS-1123 subdomain), e.g. a Secret's or a PulsarConnection's. */
  static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  static final int DNS_SUBDOMAIN_MAX = 253;

  /** A Kubernetes namespace (DNS-1123 label), or * for all. */
  static final String NAMESPACE_OR_ALL = "^(\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$";

  static final int DNS_LABEL_MAX = 63;

  /** A key of a Secret's data, as Kubernetes allows it: not ".", "..", nor starting with "..". */
  static final String SECRET_KEY = "^\\.?[-_a-zA-Z0-9][-._a-zA-Z0-9]*$";

  /** Pulsar's characters for tenants, namespaces, topics and subscriptions. */
  static final String PULSAR_NAME = "^[-=:.\\w]+$";

  /**
   * Pulsar names (tenant, namespace, topic, subscription): with {@code -partition-255} appended a
   * partition's name stays within 255 characters, the usual limit of a file or path segment name.
   */
  static final int PULSAR_NAME_MAX = 240;

  /** A host name or an IP address (IPv6 in brackets), then an optional port from 1 to 65535. */
  private static final String HOST_PORT =
      "([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*"
          + "|\\[[0-9a-fA-F:.]+\\])"
          + "(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}"
          + "|[1-9][0-9]{0,3}))?";

  /** An http(s) URL without credentials: a host, a port from 1 to 65535, a path. */
  static final String HTTP_URL = "^https?://" + HOST_PORT + "(/[^@\\s]*)?$";

  /**
   * A Pulsar service URL: one host[:port], no path. Not Pulsar's comma-separated hosts: the
   * workload's NetworkPolicy opens the one broker port the URL names.
   */
  static final String SERVICE_URL = "^pulsar(\\+ssl)?://" + HOST_PORT + "$";

  static final int URL_MAX = 2048;

  /** Text without spaces at either end (the workload trims them), not empty. */
  static final String TRIMMED = "^\\S(.*\\S)?$";

  /**
   * A container image reference as the container runtime parses it: [registry[:port]/]path[:tag]
   * [@digest], the path in lower case.
   */
  static final String IMAGE =
      "^(([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*"
          + "(:[0-9]+)?)/)?"
          + "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*"
          + "(:\\w[-.\\w]{0,127})?"
          + "(@[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$";

  static final int IMAGE_MAX = 512;

  private Validation() {}
}
