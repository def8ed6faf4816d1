package io.letspulsar.operator.api;

/** The duration format of the CRD: the workload's, so a value that passes one passes both. */
final class Durations {
  static final String PATTERN = io.letspulsar.workload.config.Durations.PATTERN;

  private Durations() {}
}
