package io.perfkit.profiler.memory;

import io.perfkit.api.Units;
import java.time.Duration;

/**
 * Seconds and bytes as the memory package's reports print them: Perfkit's one convention for
 * people ({@link Units}: binary byte units, three significant digits, the unit that fits).
 */
final class GcUnits {

  private GcUnits() {}

  /** A duration in seconds, to the nanosecond. */
  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  static String human(Duration d) {
    return Units.duration(d);
  }

  static String human(double seconds) {
    return Units.seconds(seconds);
  }

  static String bytes(double b) {
    return Units.bytes(b);
  }
}
