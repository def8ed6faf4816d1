package io.letspulsar.operator.api;

import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * The schema of a workload container's {@code resources}; the field itself stays Kubernetes' {@code
 * ResourceRequirements}. Only cpu, memory and ephemeral-storage, each a quantity of 0 or more,
 * requests no more than limits, and no resource claims (the operator declares none on its pods):
 * what the API server would refuse in the Deployment is refused in the stream.
 */
@ValidationRule(
    value =
        "(!has(self.limits) || self.limits.all(k, k in ['cpu', 'memory', 'ephemeral-storage']))"
            + " && (!has(self.requests) || self.requests.all(k, k in ['cpu', 'memory',"
            + " 'ephemeral-storage']))",
    message = "resources: limits and requests take only cpu, memory and ephemeral-storage")
@ValidationRule(
    value =
        "(!has(self.limits) || self.limits.all(k, isQuantity(string(self.limits[k]))"
            + " && !quantity(string(self.limits[k])).isLessThan(quantity('0'))))"
            + " && (!has(self.requests) || self.requests.all(k,"
            + " isQuantity(string(self.requests[k]))"
            + " && !quantity(string(self.requests[k])).isLessThan(quantity('0'))))",
    message =
        "resources: each limit and request must be a quantity of 0 or more, e.g. 500m, 1, 256Mi,"
            + " 1Gi")
@ValidationRule(
    value =
        "!has(self.limits) || !has(self.requests) || self.requests.all(k, !(k in self.limits)"
            + " || !isQuantity(string(self.requests[k])) || !isQuantity(string(self.limits[k]))"
            + " || !quantity(string(self.requests[k]))"
            + ".isGreaterThan(quantity(string(self.limits[k]))))",
    message = "resources: a request must not be more than its limit")
final class ContainerResources {
  /** Said in the descriptions of the fields that use this schema. */
  static final String RULES =
      "only cpu, memory and ephemeral-storage, each a quantity of 0 or more, requests no more"
          + " than limits; no claims. Defaults, each replaced by the value set here: requests"
          + " cpu 100m and memory 256Mi, limits cpu 1 and memory 256Mi (a default request above"
          + " a limit set here comes down to it, a default limit below a request set here goes"
          + " up to it). The JVM's heap is a quarter of the memory limit.";

  @Size(max = 3)
  public Map<String, Quantity> limits;

  @Size(max = 3)
  public Map<String, Quantity> requests;

  private ContainerResources() {}
}
