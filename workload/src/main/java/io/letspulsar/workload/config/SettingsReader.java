package io.letspulsar.workload.config;

import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.contract.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads typed values out of a properties file and collects every problem, so the user sees them all
 * at once. The keys a loader asks for are the keys it knows: anything else in the file is reported
 * as unknown, with the closest known key as a suggestion.
 */
final class SettingsReader {
  private final String source;
  private final Properties properties;
  private final Set<String> known = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();

  SettingsReader(String source, Properties properties) {
    this.source = source;
    this.properties = properties;
  }

  Optional<String> optional(String key) {
    known.add(key);
    String value = properties.getProperty(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  String required(String key, String example) {
    return optional(key)
        .orElseGet(
            () -> {
              problem(key, "is required; set it, e.g. " + key + "=" + example);
              return "";
            });
  }

  /** A value parsed by {@code parser}, which returns empty for input it refuses. */
  <T> T parsed(
      String key, T fallback, Function<String, Optional<T>> parser, String allowedDescription) {
    return optional(key)
        .map(
            text ->
                parser
                    .apply(text)
                    .orElseGet(
                        () -> {
                          problem(key, "'" + text + "' is not allowed; " + allowedDescription);
                          return fallback;
                        }))
        .orElse(fallback);
  }

  Duration duration(String key, Duration fallback) {
    return parsed(
        key,
        fallback,
        Durations::parse,
        "use a whole number with a unit ms, s, m or h, e.g. 5s, 500ms, 1m30s or 0s");
  }

  int integer(String key, int fallback, int min, int max) {
    return parsed(
        key,
        fallback,
        text -> {
          try {
            int value = Integer.parseInt(text);
            return value >= min && value <= max ? Optional.of(value) : Optional.empty();
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        },
        "use a whole number from " + min + " to " + max);
  }

  <E> E choice(String key, E fallback, Map<String, E> allowed) {
    return parsed(
        key,
        fallback,
        text -> Optional.ofNullable(allowed.get(text)),
        "use one of " + String.join(", ", allowed.keySet()) + " (exact spelling)");
  }

  List<String> list(String key, List<String> fallback) {
    return parsed(
        key,
        fallback,
        text -> {
          List<String> values =
              Arrays.stream(text.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
          return values.isEmpty() ? Optional.empty() : Optional.of(values);
        },
        "use a comma-separated list with at least one value");
  }

  /**
   * The path of a file mounted from {@code secret} (e.g. "token Secret"); a problem when this
   * process cannot read it. Only its readability is checked: the contents are never read here.
   */
  Optional<Path> file(String key, String secret) {
    Optional<Path> file = optional(key).map(Path::of);
    file.ifPresent(
        path -> {
          if (Files.isDirectory(path)) {
            problem(
                key,
                "cannot read "
                    + path
                    + ": it is a directory; set the path of the "
                    + secret
                    + "'s file in it");
          } else if (!Files.isReadable(path)) {
            problem(key, "cannot read " + path + "; mount the " + secret + " there");
          }
        });
    return file;
  }

  void problem(String key, String message) {
    problems.add(key + ": " + message);
  }

  /** A problem of several keys together; {@code sentence} names them itself. */
  void problem(String sentence) {
    problems.add(sentence);
  }

  /** Reports unknown keys, then throws if anything was wrong. */
  void finish() {
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (known.contains(key)) {
        continue;
      }
      if (key.toLowerCase(java.util.Locale.ROOT).contains("token")) {
        problem(
            key,
            "a token is never read from the properties file; mount the token Secret and set "
                + ConfigKeys.TOKEN_FILE
                + " to its file's path, e.g. "
                + ConfigKeys.TOKEN_FILE
                + "="
                + ConfigKeys.TOKEN_DIR
                + "/"
                + ConfigKeys.TOKEN_FILE_NAME);
      } else {
        problem(key, "unknown key" + suggestion(key) + "; known keys: " + String.join(", ", known));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(source, problems);
    }
  }

  private String suggestion(String key) {
    return known.stream()
        .min(Comparator.comparingInt(candidate -> editDistance(key, candidate)))
        .filter(best -> editDistance(key, best) <= Math.max(2, key.length() / 4))
        .map(best -> " (did you mean " + best + "?)")
        .orElse("");
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
