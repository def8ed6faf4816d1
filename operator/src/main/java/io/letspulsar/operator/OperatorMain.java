package io.letspulsar.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator until SIGTERM: settings from the environment, the Kubernetes client from the
 * pod's service account (or ~/.kube/config), liveness/readiness and JOSDK's Micrometer metrics on
 * one HTTP port, optional leader election through a Lease.
 */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    OperatorSettings settings;
    try {
      settings = OperatorSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorRuntime operator = OperatorRuntime.start(settings, client, settings.healthAddress());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping: finishing reconciliations in progress");
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "operator-stop"));
    LOG.info(
        "PurchaseStream operator started: watching {}, Pulsar admin {} by default, health and"
            + " metrics on :{}",
        settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces(),
        settings.config().pulsar().adminUrl(),
        settings.healthPort());
    stopped.await();
  }
}
