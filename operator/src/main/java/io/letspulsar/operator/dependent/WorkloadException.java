package io.letspulsar.operator.dependent;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * The API server refused to write one of a stream's objects (its ConfigMaps or Deployment), e.g. a
 * quota, an admission webhook or RBAC. Carries the API server's own reason.
 */
public final class WorkloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public WorkloadException(KubernetesClientException e) {
    super(
        "the API server refused the stream's objects: "
            + Optional.ofNullable(e.getStatus()).map(s -> s.getMessage()).orElse(e.getMessage()),
        e);
    this.reason =
        Optional.ofNullable(e.getStatus())
            .map(s -> s.getReason())
            .filter(r -> !r.isBlank())
            .orElse("KubernetesRefused");
  }

  /** The API server's reason, e.g. Forbidden or Invalid (CamelCase, as a condition wants). */
  public String reason() {
    return reason;
  }
}
