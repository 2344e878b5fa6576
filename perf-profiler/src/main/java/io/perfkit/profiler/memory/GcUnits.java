package io.perfkit.profiler.memory;

import java.time.Duration;
import java.util.Locale;

/** Seconds and bytes as the memory package's reports print them: for people, in the larger unit that fits. */
final class GcUnits {

  private GcUnits() {}

  /** A duration in seconds, to the nanosecond. */
  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  static String human(Duration d) {
    return human(seconds(d));
  }

  static String human(double seconds) {
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
    if (seconds >= 1) {
      return String.format(Locale.ROOT, "%.2f s", seconds);
    }
    if (seconds >= 1e-3) {
      return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
    }
    return String.format(Locale.ROOT, "%.0f µs", seconds * 1e6);
  }

  static String bytes(double b) {
    double a = Math.abs(b);
    if (a >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GB", b / (1L << 30));
    }
    if (a >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MB", b / (1L << 20));
    }
    if (a >= 1L << 10) {
      return String.format(Locale.ROOT, "%.1f KB", b / (1L << 10));
    }
    return String.format(Locale.ROOT, "%.0f B", b);
  }
}
