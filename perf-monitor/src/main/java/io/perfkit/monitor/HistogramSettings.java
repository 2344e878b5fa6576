package io.perfkit.monitor;

import io.perfkit.api.Arguments;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * The range and precision of a timer or distribution, optional coordinated-omission correction,
 * and what it publishes beyond count and sum: cumulative bucket counts at given boundaries, the
 * quantiles it reports, and how long its recent maximum lasts. Immutable.
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
 * @param buckets upper bounds (inclusive, in the recording unit: ns for timers), ascending; each
 *     gets the count of values at or below it since start, exposed as a Prometheus histogram;
 *     empty for none. A value is placed by its histogram bucket, so a bound is exact to the
 *     histogram's precision (0.1% at 3 digits)
 * @param quantiles the quantiles ({@code 0 < q ≤ 1}) reported over the sliding window, ascending;
 *     empty for none
 * @param maxExpiry how long a recorded value can remain the recent maximum (2 min, Micrometer's
 *     default)
 * @param maxBuffers the slots the recent maximum's span rotates in; a value stops counting between
 *     {@code maxExpiry × (1 − 1/maxBuffers)} and {@code maxExpiry} after it was first read
 */
public record HistogramSettings(long lowestDiscernible, long highestTrackable, int significantDigits,
    long expectedInterval, List<Long> buckets, List<Double> quantiles, Duration maxExpiry, int maxBuffers) {

  /**
   * Classic bucket bounds for latencies, in seconds: 1, 2.5 and 5 of each decade from 1 ms to
   * 10 s (13 bounds), the same on every instance so their {@code _bucket} series add. A quantile
   * read from them can be off by up to a bound's distance to the next (half the value, or more):
   * the price of classic buckets, which native histograms do not pay. For
   * {@link Monitor.Builder#buckets}.
   */
  public static final List<Double> LATENCY_BUCKETS =
      List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  /** The quantiles reported unless others are asked for: 0.5, 0.9, 0.99 and 0.999. */
  public static final List<Double> DEFAULT_QUANTILES = List.of(0.5, 0.9, 0.99, 0.999);

  private static final Map<HistogramSettings, Histogram> TEMPLATES = new ConcurrentHashMap<>();

  /** The default for timers, in nanoseconds. */
  public static final HistogramSettings TIMER_DEFAULT =
      new HistogramSettings(1, Duration.ofHours(1).toNanos(), 3, 0);

  /** The default for distributions: 1 to 2^50, 3 digits. */
  public static final HistogramSettings DISTRIBUTION_DEFAULT = new HistogramSettings(1, 1L << 50, 3, 0);

  /**
   * Settings with the default quantiles, no buckets and a recent maximum of 2 minutes in 3 slots.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public HistogramSettings(long lowestDiscernible, long highestTrackable, int significantDigits, long expectedInterval) {
    this(lowestDiscernible, highestTrackable, significantDigits, expectedInterval, List.of(), DEFAULT_QUANTILES,
        Duration.ofMinutes(2), 3);
  }

  /**
   * @throws IllegalArgumentException naming the bad value
   */
  public HistogramSettings {
    Arguments.positive("lowestDiscernible", lowestDiscernible);
    if (highestTrackable < 2 * lowestDiscernible || highestTrackable > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("highestTrackable " + highestTrackable + " must be at least 2 × lowestDiscernible ("
          + 2 * lowestDiscernible + ") and at most " + Long.MAX_VALUE / 2);
    }
    Arguments.between("significantDigits", significantDigits, 1, 5);
    Arguments.notNegative("expectedInterval", expectedInterval);
    buckets = List.copyOf(Objects.requireNonNull(buckets, "buckets"));
    for (int i = 0; i < buckets.size(); i++) {
      if (buckets.get(i) < 0 || i > 0 && buckets.get(i) <= buckets.get(i - 1)) {
        throw new IllegalArgumentException("bucket bound " + buckets.get(i) + " at " + i + " of " + buckets
            + " must be non-negative and above the one before it");
      }
    }
    quantiles = List.copyOf(Objects.requireNonNull(quantiles, "quantiles"));
    for (int i = 0; i < quantiles.size(); i++) {
      Arguments.quantile("quantile", quantiles.get(i));
      if (i > 0 && quantiles.get(i) <= quantiles.get(i - 1)) {
        throw new IllegalArgumentException("quantiles " + quantiles + " must be ascending, without repeats");
      }
    }
    Arguments.positive("maxExpiry", Objects.requireNonNull(maxExpiry, "maxExpiry"));
    Arguments.between("maxBuffers", maxBuffers, 1, 1000);
  }

  /** These settings with coordinated-omission correction for the given interval. */
  public HistogramSettings withExpectedInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    return new HistogramSettings(lowestDiscernible, highestTrackable, significantDigits, interval.toNanos(), buckets,
        quantiles, maxExpiry, maxBuffers);
  }

  /** These settings with another range. */
  public HistogramSettings withRange(long lowest, long highest) {
    return new HistogramSettings(lowest, highest, significantDigits, expectedInterval, buckets, quantiles, maxExpiry,
        maxBuffers);
  }

  /** These settings with another precision. */
  public HistogramSettings withSignificantDigits(int digits) {
    return new HistogramSettings(lowestDiscernible, highestTrackable, digits, expectedInterval, buckets, quantiles,
        maxExpiry, maxBuffers);
  }

  /** These settings with these bucket bounds (ascending, in the recording unit), or none. */
  public HistogramSettings withBuckets(List<Long> bounds) {
    return new HistogramSettings(lowestDiscernible, highestTrackable, significantDigits, expectedInterval, bounds,
        quantiles, maxExpiry, maxBuffers);
  }

  /** These settings reporting these quantiles (ascending, each in (0, 1]), or none. */
  public HistogramSettings withQuantiles(List<Double> qs) {
    return new HistogramSettings(lowestDiscernible, highestTrackable, significantDigits, expectedInterval, buckets, qs,
        maxExpiry, maxBuffers);
  }

  /** These settings with a recent maximum that lasts {@code expiry}, rotating in {@code slots}. */
  public HistogramSettings withMaxDecay(Duration expiry, int slots) {
    return new HistogramSettings(lowestDiscernible, highestTrackable, significantDigits, expectedInterval, buckets,
        quantiles, expiry, slots);
  }

  /** HdrHistogram's bucket layout for these settings, shared and never recorded into. */
  Histogram template() {
    HistogramSettings key = new HistogramSettings(lowestDiscernible, highestTrackable, significantDigits, 0);
    return TEMPLATES.computeIfAbsent(key, k -> new Histogram(k.lowestDiscernible, k.highestTrackable, k.significantDigits));
  }
}
