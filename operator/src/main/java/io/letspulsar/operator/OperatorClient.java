package io.letspulsar.operator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Optional;

/**
 * The Kubernetes client the operator runs with, made from the one it is given (same server,
 * credentials and user agent) in every tier, with two differences.
 *
 * <ul>
 *   <li>It reads objects without {@code metadata.managedFields}. The API server sends them with
 *       every object — for a Deployment one field tree per writer, the operator's and the
 *       Deployment controller's, about as large as the rest of the object — and the informers would
 *       keep them for every stream. The operator never reads them: it matches its objects field by
 *       field ({@code DesiredState}), not by server-side apply, and writes with updates and patches
 *       in which an absent managedFields leaves the server's as they are.
 *   <li>With leader election, its writes pass the {@link LeaseFence}.
 * </ul>
 */
final class OperatorClient {
  private OperatorClient() {}

  /** The caller closes the client it gave; the operator closes this one. */
  static KubernetesClient from(KubernetesClient given, Optional<LeaseFence> fence) {
    ObjectMapper mapper = new ObjectMapper().addMixIn(ObjectMeta.class, WithoutManagedFields.class);
    return new KubernetesClientBuilder()
        .withConfig(given.getConfiguration())
        .withKubernetesSerialization(new KubernetesSerialization(mapper, true))
        .withHttpClientBuilderConsumer(
            http -> fence.ifPresent(f -> http.addOrReplaceInterceptor("lease-fence", f)))
        .build();
  }

  @JsonIgnoreProperties(value = "managedFields", ignoreUnknown = true)
  private abstract static class WithoutManagedFields {}
}
