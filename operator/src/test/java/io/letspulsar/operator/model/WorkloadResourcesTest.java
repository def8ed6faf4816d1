package io.letspulsar.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.api.Test;

class WorkloadResourcesTest {

  @Test
  void aContainerWithoutResourcesGetsTheOnesItsJvmIsSizedFor() {
    ResourceRequirements resources = WorkloadResources.of(null);

    assertThat(resources.getRequests())
        .containsOnly(entry("cpu", new Quantity("100m")), entry("memory", new Quantity("256Mi")));
    assertThat(resources.getLimits())
        .containsOnly(entry("cpu", new Quantity("1")), entry("memory", new Quantity("256Mi")));
  }

  @Test
  void theSpecWinsKeyByKeyAndTheOtherDefaultsStay() {
    ResourceRequirements resources =
        WorkloadResources.of(
            new ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("1Gi"))
                .addToRequests("ephemeral-storage", new Quantity("1Gi"))
                .build());

    assertThat(resources.getLimits())
        .containsOnly(entry("cpu", new Quantity("1")), entry("memory", new Quantity("1Gi")));
    assertThat(resources.getRequests())
        .containsOnly(
            entry("cpu", new Quantity("100m")),
            entry("memory", new Quantity("256Mi")),
            entry("ephemeral-storage", new Quantity("1Gi")));
  }

  @Test
  void aDefaultThatWouldContradictTheSpecYieldsToIt() {
    ResourceRequirements smallLimit =
        WorkloadResources.of(
            new ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("128Mi"))
                .addToLimits("cpu", new Quantity("50m"))
                .build());
    assertThat(smallLimit.getRequests())
        .containsOnly(entry("cpu", new Quantity("50m")), entry("memory", new Quantity("128Mi")));

    ResourceRequirements bigRequest =
        WorkloadResources.of(
            new ResourceRequirementsBuilder()
                .addToRequests("memory", new Quantity("512Mi"))
                .addToRequests("cpu", new Quantity("2"))
                .build());
    assertThat(bigRequest.getLimits())
        .containsOnly(entry("cpu", new Quantity("2")), entry("memory", new Quantity("512Mi")));
  }
}
