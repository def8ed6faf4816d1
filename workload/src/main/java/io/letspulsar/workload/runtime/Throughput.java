package io.letspulsar.workload.runtime;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Counts events and the time from the first to the last one, for the closing summary line. */
public final class Throughput {
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong firstNanos = new AtomicLong();
  private volatile long lastNanos;

  /** Marks the start explicitly (e.g. the first send) instead of the first event. */
  public void start() {
    firstNanos.compareAndSet(0, System.nanoTime());
  }

  public void record() {
    long now = System.nanoTime();
    firstNanos.compareAndSet(0, now);
    lastNanos = now;
    count.incrementAndGet();
  }

  public long count() {
    return count.get();
  }

  /** E.g. {@code "200000 in 3.41 s (58651 msg/s)"}. */
  public String summary() {
    double seconds = Math.max(lastNanos - firstNanos.get(), 1) / 1e9;
    long events = count.get();
    return String.format(
        Locale.ROOT,
        "%d in %.2f s (%.0f msg/s)",
        events,
        events == 0 ? 0.0 : seconds,
        events == 0 ? 0.0 : events / seconds);
  }
}
