package io.letspulsar.workload.config;

import java.util.List;

/** The configuration cannot be used; the message names every offending key and the fix. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super("invalid configuration in " + source + ":\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
