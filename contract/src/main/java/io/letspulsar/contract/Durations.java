package io.letspulsar.contract;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written the Kubernetes way: {@code 5s}, {@code 500ms}, {@code 1m30s}, {@code 0s}. */
public final class Durations {
  /** The accepted form; the CRD's schema uses the same pattern. */
  public static final String PATTERN = "^([0-9]+(ms|s|m|h))+$";

  private static final Pattern WHOLE = Pattern.compile(PATTERN);
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Durations() {}

  /** The shortest text {@link #parse} reads back as {@code duration}, e.g. {@code 1m30s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    append(text, duration.toHours(), "h");
    append(text, duration.toMinutesPart(), "m");
    append(text, duration.toSecondsPart(), "s");
    append(text, duration.toMillisPart(), "ms");
    return text.toString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      text.append(amount).append(unit);
    }
  }

  /**
   * The duration {@code text} says; empty when it is not of the {@link #PATTERN}, or too long to
   * count in milliseconds in a long (some 292 million years), so that {@link Duration#toMillis()}
   * and {@link Duration#toSeconds()} of what it returns never overflow. Never throws.
   */
  public static Optional<Duration> parse(String text) {
    if (!WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    long millis = 0;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      long perUnit =
          switch (part.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
          };
      try {
        millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(part.group(1)), perUnit));
      } catch (NumberFormatException | ArithmeticException tooLong) {
        return Optional.empty();
      }
    }
    return Optional.of(Duration.ofMillis(millis));
  }
}
