package io.perfkit.monitor;

import io.perfkit.monitor.internal.Distribution;
import org.HdrHistogram.Histogram;

/**
 * Statistics of a distribution over one span (a tick or the sliding window), in the metric's
 * recording unit (nanoseconds for timers). Count, sum, min, max and mean are exact.
 *
 * <p>A percentile here, and everywhere Perfkit reports one ({@code /metrics}, {@code /prometheus},
 * history, subscriptions, alert rules), has one definition, HdrHistogram's
 * {@code getValueAtPercentile}: the value at or below which the given fraction of all recorded
 * values fall, at the histogram's precision (0.1% at 3 significant digits), kept within the
 * exact minimum and maximum. Every recorded value takes part, however wide the distribution
 * and however fast it is recorded; only values outside the configured range are clamped (and
 * counted by {@link Timer#clamped()}). Immutable.
 *
 * @param count values recorded
 * @param rate values per second over the span
 * @param min smallest value, 0 when empty
 * @param mean exact mean, 0 when empty
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max largest value, 0 when empty
 */
public record DistributionStats(long count, double rate, long min, double mean, long p50, long p90, long p99,
    long p999, long max) {

  /** No values. */
  public static final DistributionStats EMPTY = new DistributionStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /**
   * The fields {@code count}, {@code rate}, {@code min}, {@code mean}, {@code p50}, {@code p90},
   * {@code p99}, {@code p999} and {@code max}, values multiplied by {@code scale} (1e-9 turns a
   * timer's nanoseconds into seconds); the order of history, subscriptions and JSON.
   */
  public java.util.Map<String, Double> fields(double scale) {
    java.util.Map<String, Double> f = new java.util.LinkedHashMap<>();
    f.put("count", (double) count);
    f.put("rate", rate);
    f.put("min", min * scale);
    f.put("mean", mean * scale);
    f.put("p50", p50 * scale);
    f.put("p90", p90 * scale);
    f.put("p99", p99 * scale);
    f.put("p999", p999 * scale);
    f.put("max", max * scale);
    return f;
  }

  static DistributionStats of(Distribution d, double seconds, Histogram precision) {
    if (d.count() == 0) {
      return EMPTY;
    }
    return new DistributionStats(d.count(), seconds > 0 ? d.count() / seconds : 0, d.min(), d.mean(),
        d.valueAtPercentile(50, precision), d.valueAtPercentile(90, precision), d.valueAtPercentile(99, precision),
        d.valueAtPercentile(99.9, precision), d.max());
  }
}
