package io.letspulsar.workload.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.letspulsar.contract.ConfigKeys;
import io.letspulsar.workload.runtime.LogThrottle.Summary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

/** The rule for the line per purchase, on a clock the test moves. */
class LogThrottleTest {
  private static final long LIMIT = LogThrottle.LINES_PER_PERIOD;

  private long now = 1_000_000_000L;
  private final LogThrottle throttle = new LogThrottle(LIMIT, LogThrottle.PERIOD, () -> now);
  private final List<Summary> summaries = new ArrayList<>();
  private long lines;

  @Test
  void aSlowStreamGetsALinePerPurchaseAndNoSummary() {
    long sent = stream(5, Duration.ofMinutes(1)); // the end-to-end test's 200ms

    assertThat(sent).isEqualTo(300);
    assertThat(lines).isEqualTo(sent);
    assertThat(summaries).isEmpty();
  }

  @Test
  void aStreamAtTheLimitStillPrintsEveryPurchase() {
    long sent = stream(100, Duration.ofMinutes(1));

    assertThat(lines).isEqualTo(sent);
    assertThat(summaries).isEmpty();
  }

  @Test
  void aBurstThatFitsThePeriodPrintsWhole() {
    stream(5, Duration.ofSeconds(4));
    burst(900); // e.g. the backlog after an outage
    stream(5, Duration.ofMinutes(1));

    assertThat(summaries).isEmpty();
  }

  @Test
  void aFastStreamPrintsTheLimitOnceThenASummaryPerPeriodWithExactCounts() {
    long sent = stream(16_000, Duration.ofSeconds(45)); // the scaled example's consumer

    assertThat(lines).isEqualTo(LIMIT);
    // One summary every 10 s; the first period's counts the lines it printed.
    assertThat(summaries).hasSize(4);
    assertThat(summaries.get(0)).isEqualTo(summary(160_000, 160_000 - LIMIT, 10));
    assertThat(summaries.subList(1, 4)).containsOnly(summary(160_000, 160_000, 10));
    assertThat(summaries.get(0).describe("consumed"))
        .isEqualTo("consumed 160000 purchases in 10.0 s (16000/s), 159000 not printed one by one");

    summaries.add(throttle.endPeriod().orElseThrow()); // the last 5 s, at shutdown
    assertThat(summaries.get(4)).isEqualTo(summary(80_000, 80_000, 5));
    assertThat(lines + summaries.stream().mapToLong(Summary::notPrinted).sum()).isEqualTo(sent);
  }

  @Test
  void linesComeBackAfterAPeriodAtTheLowRateAgain() {
    stream(1000, Duration.ofSeconds(10));
    long linesWhileFast = lines;
    stream(5, Duration.ofSeconds(10)); // slow again: still summarized, this period counts
    assertThat(lines).isEqualTo(linesWhileFast);
    assertThat(summaries).last().isEqualTo(summary(50, 50, 10));

    stream(5, Duration.ofSeconds(10));
    assertThat(lines).isEqualTo(linesWhileFast + 50);
    assertThat(summaries).hasSize(2);
  }

  @Test
  void theLimitComesFromThePurchaseLoggersLevel() {
    // INFO, as log4j2.xml sets it by default; DEBUG prints every one (see ResilienceTest).
    assertThat(LogThrottle.lineLimit(LoggerFactory.getLogger(ConfigKeys.PURCHASE_LOGGER)))
        .isEqualTo(LIMIT);
    // WARN or above: no line per purchase, and each period with purchases is summarized.
    assertThat(LogThrottle.lineLimit(NOPLogger.NOP_LOGGER)).isZero();
    LogThrottle silenced = new LogThrottle(0, LogThrottle.PERIOD, () -> now);
    assertThat(silenced.line()).isFalse();
    now += LogThrottle.PERIOD.toNanos();
    assertThat(silenced.endPeriodIfDue()).contains(summary(1, 1, 10));
  }

  /** {@code perSecond} purchases a second, evenly, asking for a summary after each. */
  private long stream(int perSecond, Duration duration) {
    long gap = 1_000_000_000L / perSecond;
    long count = duration.toSeconds() * perSecond;
    for (long i = 0; i < count; i++) {
      now += gap;
      purchase();
    }
    return count;
  }

  private void burst(int count) {
    for (int i = 0; i < count; i++) {
      purchase();
    }
  }

  private void purchase() {
    if (throttle.line()) {
      lines++;
    }
    throttle.endPeriodIfDue().ifPresent(summaries::add);
  }

  private static Summary summary(long purchases, long notPrinted, int seconds) {
    return new Summary(purchases, notPrinted, Duration.ofSeconds(seconds));
  }
}
