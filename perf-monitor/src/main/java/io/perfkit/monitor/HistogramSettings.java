package io.perfkit.monitor;

import io.perfkit.api.Arguments;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * The range and precision of a timer or distribution, and optional coordinated-omission
 * correction. Immutable.
 *
 * <p>Defaults for timers: 1 ns to 1 hour, 3 significant digits (0.1%). Because the monitor keeps
 * each thread's values sparse (only the buckets in use), the range costs nothing per thread; a
 * wider range only costs one shared template of HdrHistogram's bucket layout per distinct
 * setting.
 *
 * @param lowestDiscernible smallest value told apart from 0 (1 ns for timers)
 * @param highestTrackable largest value kept; larger ones are clamped and counted
 * @param significantDigits 1 to 5
 * @param expectedInterval when positive, each value larger than it is taken to hide the
 *     requests that should have started meanwhile, and synthetic values are added as
 *     HdrHistogram's {@code recordValueWithExpectedInterval} does; zero turns correction off
 */
public record HistogramSettings(long lowestDiscernible, long highestTrackable, int significantDigits,
    long expectedInterval) {

  private static final Map<HistogramSettings, Histogram> TEMPLATES = new ConcurrentHashMap<>();

  /** The default for timers, in nanoseconds. */
  public static final HistogramSettings TIMER_DEFAULT =
      new HistogramSettings(1, Duration.ofHours(1).toNanos(), 3, 0);

  /** The default for distributions: 1 to 2^50, 3 digits. */
  public static final HistogramSettings DISTRIBUTION_DEFAULT = new HistogramSettings(1, 1L << 50, 3, 0);

  /**
   * @throws IllegalArgumentException naming the bad value
   */
  public HistogramSettings {
    if (lowestDiscernible < 1) {
      throw new IllegalArgumentException("lowestDiscernible " + lowestDiscernible + " must be at least 1");
    }
    if (highestTrackable < 2 * lowestDiscernible || highestTrackable > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("highestTrackable " + highestTrackable + " must be at least 2 × lowestDiscernible ("
          + 2 * lowestDiscernible + ") and at most " + Long.MAX_VALUE / 2);
    }
    Arguments.between("significantDigits", significantDigits, 1, 5);
    if (expectedInterval < 0) {
      throw new IllegalArgumentException("expectedInterval " + expectedInterval + " is negative");
    }
  }

  /** These settings with coordinated-omission correction for the given interval. */
  public HistogramSettings withExpectedInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    return new HistogramSettings(lowestDiscernible, highestTrackable, significantDigits, interval.toNanos());
  }

  /** These settings with another range. */
  public HistogramSettings withRange(long lowest, long highest) {
    return new HistogramSettings(lowest, highest, significantDigits, expectedInterval);
  }

  /** These settings with another precision. */
  public HistogramSettings withSignificantDigits(int digits) {
    return new HistogramSettings(lowestDiscernible, highestTrackable, digits, expectedInterval);
  }

  /** HdrHistogram's bucket layout for these settings, shared and never recorded into. */
  Histogram template() {
    HistogramSettings key = new HistogramSettings(lowestDiscernible, highestTrackable, significantDigits, 0);
    return TEMPLATES.computeIfAbsent(key, k -> new Histogram(k.lowestDiscernible, k.highestTrackable, k.significantDigits));
  }
}
