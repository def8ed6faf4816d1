package io.letspulsar.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A workload container's requests and limits: the defaults its JVM is sized for, under what the
 * spec sets. The image's JVM takes its heap from the memory limit ({@code -XX:MaxRAMPercentage=25}
 * in {@code workload/src/main/jib/app/jvm.options}: 64 MiB of heap and as much direct memory at 256
 * MiB), so a larger limit gives a larger heap.
 *
 * <p>The spec wins key by key; a default that would then contradict it yields (a default request
 * above the spec's limit comes down to it, a default limit below the spec's request goes up to it),
 * as Kubernetes fills a missing request from its limit.
 */
public final class WorkloadResources {
  /** Memory requested and limited alike: the JVM's footprint is not a burst. */
  public static final Quantity MEMORY = new Quantity("256Mi");

  public static final Quantity CPU_REQUEST = new Quantity("100m");
  public static final Quantity CPU_LIMIT = new Quantity("1");

  private WorkloadResources() {}

  public static ResourceRequirements of(ResourceRequirements spec) {
    Map<String, Quantity> specRequests =
        Optional.ofNullable(spec).map(ResourceRequirements::getRequests).orElse(Map.of());
    Map<String, Quantity> specLimits =
        Optional.ofNullable(spec).map(ResourceRequirements::getLimits).orElse(Map.of());
    Map<String, Quantity> requests = new LinkedHashMap<>(Map.of("cpu", CPU_REQUEST));
    requests.put("memory", MEMORY);
    Map<String, Quantity> limits = new LinkedHashMap<>(Map.of("cpu", CPU_LIMIT));
    limits.put("memory", MEMORY);
    requests.putAll(specRequests);
    limits.putAll(specLimits);
    for (String resource : Map.copyOf(limits).keySet()) {
      Quantity request = requests.get(resource);
      Quantity limit = limits.get(resource);
      if (request == null || compare(request, limit) <= 0) {
        continue;
      }
      if (!specRequests.containsKey(resource)) {
        requests.put(resource, limit);
      } else if (!specLimits.containsKey(resource)) {
        limits.put(resource, request);
      }
    }
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }

  private static int compare(Quantity a, Quantity b) {
    return a.getNumericalAmount().compareTo(b.getNumericalAmount());
  }
}
