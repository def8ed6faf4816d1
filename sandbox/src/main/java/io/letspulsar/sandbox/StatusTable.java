package io.letspulsar.sandbox;

import io.letspulsar.testing.Kubectl;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code kubectl get pstream} table, shown again only when more than its AGE changed. */
final class StatusTable {
  private String last = "";

  /** The table to print, or empty when nothing but the age changed since the last one. */
  Optional<String> next(Kubectl.Result result) {
    // "No resources found" comes on stderr, with success.
    String text = result.out().isBlank() ? result.err().strip() : result.out().stripTrailing();
    String key = withoutAge(text);
    if (key.equals(last)) {
      return Optional.empty();
    }
    last = key;
    return Optional.of(text);
  }

  /** Blanks the AGE column, found by its position in the header as kubectl aligns it. */
  static String withoutAge(String table) {
    String header = table.lines().findFirst().orElse("");
    int from = header.indexOf(" AGE ");
    if (from < 0) {
      return table;
    }
    int to = from + " AGE ".length();
    while (to < header.length() && header.charAt(to) == ' ') {
      to++;
    }
    int start = from + 1;
    int end = to;
    return table
        .lines()
        .map(
            line ->
                line.length() <= start
                    ? line
                    : line.substring(0, start) + line.substring(Math.min(end, line.length())))
        .collect(Collectors.joining("\n"));
  }
}
