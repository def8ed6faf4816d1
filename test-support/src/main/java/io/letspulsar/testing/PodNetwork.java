package io.letspulsar.testing;

import java.nio.file.Path;

/**
 * The pod network of a {@link LocalNode}: a Linux bridge this class creates, with one /24 of {@code
 * 10.213.0.0/16} and the host's address {@code .1} on it, and the CNI configuration that puts each
 * pod on it. {@link #close()} deletes the bridge.
 *
 * <p>Pods find the API server as in-cluster clients do: the control plane's service range is this
 * /24's first /28 ({@link #serviceRange()}), so the {@code kubernetes} Service's IP, which the
 * kubelet gives pods as {@code KUBERNETES_SERVICE_HOST}, is the host's address itself, where the
 * API server listens on 443: no kube-proxy is needed for that one Service (other Services' IPs,
 * {@code .2} to {@code .14}, lead nowhere). Pods get addresses from {@code .16} on.
 *
 * <p>Nothing leaves the machine: pods get an address on the bridge and no other route (no default
 * route, no gateway, no masquerading; the CNI bridge plugin is told {@code isGateway: false}, so it
 * does not turn on IP forwarding either), so from a pod only the bridge's subnet is reachable: the
 * host's address (where {@link LocalControlPlane#start(PodNetwork)} serves the API) and other pods.
 * {@code 10.213.0.0/16} is used by none of the usual defaults (Docker 172.17+, Podman 10.88,
 * flannel and kind 10.244, k3s 10.42/10.43, the services' 10.96.0.0/12 and this project's
 * 10.0.0.0/24); a /24 that the machine already has an address or a route in is skipped, and one
 * another node on this machine holds (its bridge {@code lpnode<N>} exists) too.
 */
public final class PodNetwork implements AutoCloseable {
  private static final String PREFIX = "10.213.";

  private final int index;

  private PodNetwork(int index) {
    this.index = index;
  }

  /** Creates the bridge on the first free /24 and brings it up; needs root. */
  public static PodNetwork create() {
    String inUse =
        Commands.run("ip", "-4", "-o", "address", "show")
            + "\n"
            + Commands.run("ip", "-4", "route", "show", "table", "all");
    for (int index = 0; index < 256; index++) {
      if (inUse.contains(PREFIX + index + ".")) {
        continue;
      }
      PodNetwork network = new PodNetwork(index);
      // Creating the link is the claim: it fails when another node holds this /24.
      if (!Commands.tryRun("ip", "link", "add", network.bridge(), "type", "bridge").ok()) {
        continue;
      }
      try {
        Commands.run(
            "ip", "address", "add", network.hostAddress() + "/24", "dev", network.bridge());
        Commands.run("ip", "link", "set", network.bridge(), "up");
        return network;
      } catch (RuntimeException e) {
        network.close();
        throw e;
      }
    }
    throw new IllegalStateException("no free /24 in " + PREFIX + "0.0/16 for a pod network");
  }

  /** The bridge's name, e.g. {@code lpnode0}. */
  public String bridge() {
    return "lpnode" + index;
  }

  /** The host's address on the bridge: what pods reach this machine's servers at. */
  public String hostAddress() {
    return PREFIX + index + ".1";
  }

  /** The control plane's service range: the first /28, whose first IP is {@link #hostAddress()}. */
  public String serviceRange() {
    return PREFIX + index + ".0/28";
  }

  /** The pods' subnet, e.g. {@code 10.213.0.0/24}: the only route a pod has. */
  public String subnet() {
    return PREFIX + index + ".0/24";
  }

  /**
   * The CNI configuration list for containerd: the bridge plugin on this bridge with host-local
   * addresses from {@code .16} on, kept in {@code ipamDir} (not in {@code /var/lib/cni}).
   */
  String cniConfig(Path ipamDir) {
    return """
        {"cniVersion": "1.0.0", "name": "%s", "plugins": [{
          "type": "bridge", "bridge": "%s",
          "isGateway": false, "isDefaultGateway": false, "ipMasq": false, "hairpinMode": false,
          "ipam": {"type": "host-local", "dataDir": "%s",
                   "ranges": [[{"subnet": "%s", "rangeStart": "%s", "gateway": "%s"}]]}}]}
        """
        .formatted(bridge(), bridge(), ipamDir, subnet(), PREFIX + index + ".16", hostAddress());
  }

  /** Deletes the bridge (the pods' ends of it are gone with their network namespaces). */
  @Override
  public void close() {
    Commands.tryRun("ip", "link", "delete", bridge());
  }
}
