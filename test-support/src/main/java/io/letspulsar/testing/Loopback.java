package io.letspulsar.testing;

/**
 * The one address the local servers (broker, control plane, kubelet's containers) bind to and are
 * reached at: this machine's loopback, so nothing listens beyond it.
 */
public final class Loopback {
  public static final String ADDRESS = "127.0.0.1";

  private Loopback() {}
}
