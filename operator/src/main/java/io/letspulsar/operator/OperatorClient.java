package io.letspulsar.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Optional;

/**
 * The Kubernetes client the operator runs with, made from the one it is given (same server,
 * credentials and user agent) in every tier, with two differences.
 *
 * <ul>
 *   <li>It reads objects lean ({@link LeanObjects}): the informers keep them for every stream.
 *   <li>With leader election, its writes pass the {@link LeaseFence}.
 * </ul>
 */
final class OperatorClient {
  private OperatorClient() {}

  /** The caller closes the client it gave; the operator closes this one. */
  static KubernetesClient from(KubernetesClient given, Optional<LeaseFence> fence) {
    ObjectMapper mapper = new ObjectMapper().registerModule(new LeanObjects());
    return new KubernetesClientBuilder()
        .withConfig(given.getConfiguration())
        .withKubernetesSerialization(new KubernetesSerialization(mapper, true))
        .withHttpClientBuilderConsumer(
            http -> fence.ifPresent(f -> http.addOrReplaceInterceptor("lease-fence", f)))
        .build();
  }
}
