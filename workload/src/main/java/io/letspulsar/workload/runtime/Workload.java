package io.letspulsar.workload.runtime;

/** A long-running part of the workload: the producer or the consumer. */
public interface Workload {
  /** Runs until {@link #stop()} is called or the work is done; then releases its resources. */
  void run() throws Exception;

  /** Asks {@link #run()} to finish what is in hand and return; safe from any thread. */
  void stop();

  /** Connected to Pulsar and doing its work. */
  boolean isReady();
}
