package io.letspulsar.benchmark;

import io.letspulsar.operator.OperatorMain;
import io.letspulsar.testing.Loopback;

/**
 * The operator's own main, its health and metrics port bound to 127.0.0.1: in its container the
 * pod's network confines it, on this machine nothing else does.
 */
public final class OperatorOnLoopback {
  private OperatorOnLoopback() {}

  public static void main(String[] args) throws InterruptedException {
    OperatorMain.run(Loopback.ADDRESS);
  }
}
