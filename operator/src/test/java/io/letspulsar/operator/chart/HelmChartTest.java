package io.letspulsar.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.letspulsar.operator.OperatorSettings;
import io.letspulsar.operator.Streams;
import io.letspulsar.operator.model.StreamModel;
import io.letspulsar.operator.model.WorkloadDeployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Helm chart, rendered by the real Helm engine, offline. */
class HelmChartTest {
  private static final Path CHART = Chart.DIR;
  private static final String CRD = "purchasestreams.streams.letspulsar.io-v1.yml";

  private static List<HasMetadata> render(String... sets) {
    return Chart.render("operators", sets);
  }

  @Test
  void theChartPassesStrictLint() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void theDefaultsRenderAClusterWideOperator() {
    List<HasMetadata> objects = render();

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Deployment",
            "Service");
    assertThat(objects)
        .allSatisfy(
            object ->
                assertThat(object.getMetadata().getLabels())
                    .containsKeys("app.kubernetes.io/name", "helm.sh/chart"));
  }

  @Test
  void theDeploymentSetsExactlyTheVariablesTheOperatorReads() {
    Deployment deployment = deployment(render());

    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName)
        .containsExactlyInAnyOrderElementsOf(OperatorSettings.VARIABLES);
    String version = System.getProperty("project.version");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .as("the operator image the build pushes")
        .isEqualTo("ghcr.io/letspulsar/purchasestream-operator:" + version);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .filteredOn(env -> env.getName().equals(OperatorSettings.WORKLOAD_IMAGE))
        .extracting(EnvVar::getValue)
        .as("the workload image the build pushes, and the operator's own default")
        .containsExactly(OperatorSettings.DEFAULT_WORKLOAD_IMAGE)
        .containsExactly("ghcr.io/letspulsar/purchasestream-workload:" + version);
  }

  @Test
  void everyDocumentedValueRenders() {
    List<HasMetadata> objects =
        render(
            "image.registry=registry.example/team",
            "image.tag=dev",
            "imagePullSecrets[0].name=registry",
            "pulsar.serviceUrl=pulsar+ssl://pulsar:6651",
            "pulsar.adminUrl=https://pulsar:8443",
            "pulsar.authentication.method=oauth2",
            "pulsar.authentication.secretName=pulsar-admin",
            "pulsar.authentication.oauth2.issuerUrl=https://auth.example/",
            "pulsar.authentication.oauth2.audience=urn:pulsar",
            "pulsar.authentication.oauth2.scope=admin",
            "pulsar.tls.trustCertsSecretName=pulsar-ca",
            "pulsar.tls.verifyHostname=false",
            "pulsar.tenancy[0].namespaces[0]=team-a",
            "pulsar.tenancy[0].namespaces[1]=team-b",
            "pulsar.tenancy[0].pulsarNamespaces[0]=retail/*",
            "networkPolicy.enabled=true",
            "networkPolicy.workloads=true",
            "workloadImage=registry.example/workload:2",
            "statsPeriod=1m",
            "leaderElection.enabled=true",
            "replicas=2",
            "nodeSelector.disk=ssd",
            "tolerations[0].key=dedicated",
            "tolerations[0].operator=Exists",
            "metrics.port=9090",
            "metrics.serviceMonitor.enabled=true",
            "logLevel=DEBUG");

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains("ServiceMonitor", "Role", "RoleBinding", "NetworkPolicy");
    Deployment deployment = deployment(objects);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(pod.getContainers().get(0).getImage())
        .isEqualTo("registry.example/team/purchasestream-operator:dev");
    assertThat(pod.getContainers().get(0).getEnv())
        .filteredOn(env -> env.getValue() != null)
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("LEADER_ELECTION", "true"),
            org.assertj.core.groups.Tuple.tuple("PULSAR_AUTH_METHOD", "oauth2"),
            org.assertj.core.groups.Tuple.tuple(
                "PULSAR_OAUTH2_ISSUER_URL", "https://auth.example/"),
            org.assertj.core.groups.Tuple.tuple(
                "PULSAR_TLS_TRUST_CERTS_FILE", "/etc/purchasestream-operator/pulsar-tls/ca.crt"),
            org.assertj.core.groups.Tuple.tuple("PULSAR_TLS_VERIFY_HOSTNAME", "false"),
            org.assertj.core.groups.Tuple.tuple("PULSAR_TENANCY", "team-a,team-b=retail/*"),
            org.assertj.core.groups.Tuple.tuple("WORKLOAD_NETWORK_POLICY", "true"),
            org.assertj.core.groups.Tuple.tuple("STATS_PERIOD", "1m"),
            org.assertj.core.groups.Tuple.tuple("HEALTH_PORT", "9090"));
    assertThat(pod.getNodeSelector()).containsEntry("disk", "ssd");
    assertThat(pod.getVolumes())
        .filteredOn(volume -> volume.getSecret() != null)
        .extracting(volume -> volume.getSecret().getSecretName())
        .containsExactlyInAnyOrder("pulsar-admin", "pulsar-ca");
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .extracting(mount -> mount.getMountPath())
        .contains(
            "/etc/purchasestream-operator/pulsar-auth", "/etc/purchasestream-operator/pulsar-tls");
  }

  @Test
  void theOperatorsOwnCredentialsAreMountedOnlyWhenItAuthenticates() {
    var pod = deployment(render()).getSpec().getTemplate().getSpec();

    assertThat(pod.getVolumes()).noneMatch(volume -> volume.getSecret() != null);
    assertThat(pod.getVolumes())
        .filteredOn(volume -> volume.getName().equals("tmp"))
        .singleElement()
        .satisfies(tmp -> assertThat(tmp.getEmptyDir().getMedium()).isEqualTo("Memory"));
    assertThatThrownBy(() -> render("pulsar.authentication.method=token"))
        .hasMessageContaining("pulsar.authentication.secretName");
  }

  @Test
  void theOperatorReadsSecretsOnlyInItsOwnNamespaceAndOnlyForConnections() {
    List<HasMetadata> objects = render();

    assertThat(objects)
        .filteredOn(o -> o.getKind().equals("ClusterRole"))
        .singleElement()
        .satisfies(
            role ->
                assertThat(((io.fabric8.kubernetes.api.model.rbac.ClusterRole) role).getRules())
                    .noneMatch(rule -> rule.getResources().contains("secrets")));
    assertThat(objects)
        .filteredOn(o -> o.getKind().equals("Role"))
        .singleElement()
        .satisfies(
            role -> {
              assertThat(role.getMetadata().getNamespace()).isEqualTo("operators");
              assertThat(((io.fabric8.kubernetes.api.model.rbac.Role) role).getRules())
                  .anySatisfy(
                      rule -> {
                        assertThat(rule.getResources()).containsExactly("secrets");
                        assertThat(rule.getVerbs()).containsExactly("get");
                      });
            });
  }

  @Test
  void networkPoliciesAreRenderedOnlyWhenAskedFor() {
    assertThat(render()).extracting(HasMetadata::getKind).doesNotContain("NetworkPolicy");
    List<HasMetadata> objects = render("networkPolicy.enabled=true");
    var policy =
        objects.stream()
            .filter(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class::isInstance)
            .map(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            in ->
                assertThat(in.getPorts())
                    .extracting(port -> port.getPort().getIntVal())
                    .containsExactly(8080));
    assertThat(policy.getSpec().getEgress().get(0).getPorts())
        .extracting(port -> port.getPort().getIntVal())
        .contains(53, 443, 6443, 8080, 8443);
  }

  @Test
  void watchedNamespacesGetARoleEachInsteadOfAClusterRole() {
    List<HasMetadata> objects = render("watchNamespaces[0]=shop", "watchNamespaces[1]=audit");

    assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("ClusterRole");
    assertThat(objects)
        .filteredOn(o -> o.getKind().equals("Role") || o.getKind().equals("RoleBinding"))
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getNamespace())
        .containsExactlyInAnyOrder(
            "Role/shop",
            "RoleBinding/shop",
            "Role/audit",
            "RoleBinding/audit",
            "Role/operators",
            "RoleBinding/operators");
  }

  @Test
  void anUpgradeNeverRunsTwoActiveOperators() {
    assertThat(deployment(render()).getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(
            deployment(render("leaderElection.enabled=true", "replicas=2"))
                .getSpec()
                .getStrategy()
                .getType())
        .isEqualTo("RollingUpdate");
    assertThatThrownBy(() -> render("replicas=2"))
        .hasMessageContaining("replicas: more than 1 needs leaderElection.enabled=true");
  }

  @Test
  void theSchemaRefusesBadValuesWithAClearMessage() {
    assertThatThrownBy(() -> render("replicas=two"))
        .hasMessageContaining("replicas")
        .hasMessageContaining("integer");
    assertThatThrownBy(() -> render("statsPeriod=30 seconds")).hasMessageContaining("statsPeriod");
    assertThatThrownBy(() -> render("replica=2")).hasMessageContaining("replica");
  }

  @Test
  void theWorkloadImageFollowsTheRegistryAndTagUnlessSetWhole() {
    assertThat(workloadImage(render("image.registry=registry.example/team", "image.tag=dev")))
        .isEqualTo("registry.example/team/purchasestream-workload:dev");
    assertThat(workloadImage(render("workloadImage=registry.example/workload:2")))
        .isEqualTo("registry.example/workload:2");
  }

  @Test
  void theChartsCrdIsTheGeneratedOneAndItsVersionIsTheProjects() throws IOException {
    assertThat(Files.readString(CHART.resolve("crds").resolve(CRD)))
        .isEqualTo(Files.readString(Path.of("../crds", CRD)));
    String chart = Files.readString(CHART.resolve("Chart.yaml"));
    String version = System.getProperty("project.version");
    assertThat(chart)
        .contains("\nversion: " + version + "\n")
        .contains("appVersion: \"" + version + "\"");
  }

  private static String workloadImage(List<HasMetadata> objects) {
    return deployment(objects)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .stream()
        .filter(env -> env.getName().equals(OperatorSettings.WORKLOAD_IMAGE))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  @Test
  void monitoringIsOffByDefaultAndEachPartRendersWhenAskedFor() {
    assertThat(render())
        .extracting(HasMetadata::getKind)
        .doesNotContain("ServiceMonitor", "PodMonitor", "PrometheusRule", "ConfigMap");

    List<HasMetadata> chart = Monitoring.render();

    assertThat(chart)
        .extracting(HasMetadata::getKind)
        .contains("ServiceMonitor", "PodMonitor", "PrometheusRule", "ConfigMap");
    assertThat(Monitoring.object(chart, "PrometheusRule").findValuesAsText("alert"))
        .containsExactlyInAnyOrder(
            "PurchaseStreamsNotReady",
            "PurchaseStreamReconcileErrors",
            "PurchaseStreamPulsarUnreachable");
    JsonNode dashboard = Monitoring.dashboard(chart);
    assertThat(dashboard.path("uid").asText()).isEqualTo("purchasestream-operator");
    assertThat(dashboard.path("panels"))
        .hasSizeGreaterThanOrEqualTo(8)
        .allSatisfy(panel -> assertThat(panel.findValuesAsText("expr")).isNotEmpty());
    // Legends keep Grafana's {{label}}: the file is not run through Helm's templates.
    assertThat(dashboard.findValuesAsText("legendFormat")).contains("{{kind}}");
    assertThat(Monitoring.metrics(Monitoring.queries(chart)))
        .contains(
            "purchasestream_streams",
            "operator_sdk_reconciliations_failed_total",
            "purchasestream_pulsar_admin_calls_total",
            "purchases_produced_total",
            "purchases_end_to_end_latency_seconds_bucket");
  }

  @Test
  void thePodMonitorSelectsTheWorkloadPodsByTheLabelsAndPortsTheOperatorGivesThem() {
    StreamModel stream = Streams.model(Streams.demo());
    PodTemplateSpec pods = WorkloadDeployment.desired(stream).getSpec().getTemplate();
    JsonNode monitor = Monitoring.object(Monitoring.render(), "PodMonitor").path("spec");

    Map<String, String> selector =
        Serialization.jsonMapper()
            .convertValue(
                monitor.path("selector").path("matchLabels"),
                new TypeReference<Map<String, String>>() {});
    assertThat(pods.getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(monitor.path("podMetricsEndpoints").findValuesAsText("port"))
        .containsExactlyInAnyOrderElementsOf(
            pods.getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts().stream())
                .map(ContainerPort::getName)
                .toList());
    assertThat(monitor.path("namespaceSelector").path("any").asBoolean()).isTrue();
    JsonNode watching =
        Monitoring.object(
                Chart.render(
                    "monitoring",
                    "metrics.podMonitor.enabled=true",
                    "watchNamespaces[0]=shop",
                    "watchNamespaces[1]=audit"),
                "PodMonitor")
            .path("spec")
            .path("namespaceSelector");
    assertThat(watching.path("matchNames"))
        .extracting(JsonNode::asText)
        .containsExactly("shop", "audit");
  }

  private static Deployment deployment(List<HasMetadata> objects) {
    return objects.stream()
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow();
  }
}
