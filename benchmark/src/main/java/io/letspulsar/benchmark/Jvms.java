package io.letspulsar.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What both benchmarks need of the JVMs they start and of their own output. */
final class Jvms {
  private Jvms() {}

  /** VmHWM: the peak resident set of a live process, in KiB; 0 once it has exited. */
  static long peakRssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // The process has just exited; the last reading stands.
    }
    return 0;
  }

  /** Linux's clock ticks per second, in which /proc counts CPU time. */
  private static final double CLOCK_TICKS = 100;

  /** CPU seconds (user and system) a live process has used; 0 once it has exited. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // After "(command) ": field 3 (state) on; utime and stime are fields 14 and 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** CPU seconds all processes of the machine have used since it booted, all cores together. */
  static double machineCpuSeconds() throws IOException {
    // cpu user nice system idle iowait irq softirq steal ...
    String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += Long.parseLong(cpu[field]);
    }
    return busy / CLOCK_TICKS;
  }

  static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
