package io.letspulsar.workload.runtime;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Which purchases get a log line of their own, so that a slow stream shows every purchase and a
 * fast one cannot flood the log. Time runs in periods of {@link #PERIOD}:
 *
 * <ul>
 *   <li>each purchase gets its line, up to {@code limit} in a period, so a burst that fits (the
 *       backlog after an outage, at the demo's pace) still prints whole;
 *   <li>from the first purchase over the limit on, none gets a line, in that period and every
 *       following one, until a period has brought at most {@code limit} purchases: a stream faster
 *       than that prints no lines one by one, rather than a burst of them every period;
 *   <li>a period in which some purchase got no line ends with a {@link Summary} counting them, so
 *       none goes unmentioned.
 * </ul>
 *
 * <p>Thread-safe; the caller asks {@link #endPeriodIfDue()} now and then and logs what it returns.
 */
public final class LogThrottle {
  public static final Duration PERIOD = Duration.ofSeconds(10);

  /** Lines per period at INFO: a stream of up to 100 purchases a second prints one by one. */
  public static final long LINES_PER_PERIOD = 1000;

  private final long limit;
  private final long periodNanos;
  private final LongSupplier nanoTime;
  private long periodStart;
  private long purchases;
  private long printed;
  private boolean printing = true;

  /**
   * @param limit lines per period: 0 prints none, {@link Long#MAX_VALUE} every one
   * @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
   */
  public LogThrottle(long limit, Duration period, LongSupplier nanoTime) {
    this.limit = limit;
    this.periodNanos = period.toNanos();
    this.nanoTime = nanoTime;
    this.periodStart = nanoTime.getAsLong();
  }

  /**
   * For the line per purchase, by the level of its logger ({@code WORKLOAD_PURCHASE_LOG_LEVEL}):
   * DEBUG prints every purchase, INFO up to {@link #LINES_PER_PERIOD} a period, WARN none (and
   * every period with purchases ends with a summary).
   */
  public static LogThrottle forLogger(Logger purchases) {
    return new LogThrottle(lineLimit(purchases), PERIOD, System::nanoTime);
  }

  static long lineLimit(Logger purchases) {
    if (purchases.isDebugEnabled()) {
      return Long.MAX_VALUE;
    }
    return purchases.isInfoEnabled() ? LINES_PER_PERIOD : 0;
  }

  /** Counts a purchase; true when it gets a line of its own. */
  public synchronized boolean line() {
    purchases++;
    if (printing && printed < limit) {
      printed++;
      return true;
    }
    printing = false;
    return false;
  }

  /** Ends the period once it lasted {@link #PERIOD}; see {@link #endPeriod()}. */
  public synchronized Optional<Summary> endPeriodIfDue() {
    return nanoTime.getAsLong() - periodStart >= periodNanos ? endPeriod() : Optional.empty();
  }

  /**
   * Ends the period now (also at shutdown, for the last one) and starts the next; returns its
   * summary when some purchase in it got no line.
   */
  public synchronized Optional<Summary> endPeriod() {
    long now = nanoTime.getAsLong();
    Summary summary =
        new Summary(purchases, purchases - printed, Duration.ofNanos(now - periodStart));
    printing = purchases <= limit;
    purchases = 0;
    printed = 0;
    periodStart = now;
    return summary.notPrinted() > 0 ? Optional.of(summary) : Optional.empty();
  }

  /**
   * One period's count.
   *
   * @param notPrinted the purchases of the period without a line of their own
   */
  public record Summary(long purchases, long notPrinted, Duration elapsed) {
    /**
     * E.g. {@code "consumed 152000 purchases in 10.0 s (15200/s), 152000 not printed one by one"}.
     */
    public String describe(String verb) {
      double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
      double rate = purchases / seconds;
      return String.format(
          Locale.ROOT,
          "%s %d purchases in %.1f s (%s/s), %d not printed one by one",
          verb,
          purchases,
          seconds,
          String.format(Locale.ROOT, rate < 10 ? "%.1f" : "%.0f", rate),
          notPrinted);
    }
  }
}
