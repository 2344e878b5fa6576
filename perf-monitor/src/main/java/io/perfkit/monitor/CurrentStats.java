package io.perfkit.monitor;

import io.perfkit.api.Arguments;
import io.perfkit.monitor.internal.Distribution;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A timer's or distribution's values up to the moment it was taken, including those recorded
 * since the last tick (see {@link DistributionMeter#current()}), in the recording unit
 * (nanoseconds for timers). What a reader that cannot wait for the next tick needs: a Micrometer
 * user calling {@code count()} right after recording. Immutable.
 */
public final class CurrentStats {

  private final long count;
  private final double sum;
  private final long max;
  private final List<Long> bounds;
  private final long[] cumulative;
  private final Distribution recent;
  private final Histogram precision;

  CurrentStats(long count, double sum, long max, List<Long> bounds, long[] cumulative, Distribution recent,
      Histogram precision) {
    this.count = count;
    this.sum = sum;
    this.max = max;
    this.bounds = bounds;
    this.cumulative = cumulative;
    this.recent = recent;
    this.precision = precision;
  }

  /** Values recorded since start. */
  public long count() {
    return count;
  }

  /** Their sum. */
  public double sum() {
    return sum;
  }

  /** The recent maximum: see {@link HistogramSettings#maxExpiry()}; 0 when nothing is recent. */
  public long max() {
    return max;
  }

  /** The bucket bounds of the settings, ascending. */
  public List<Long> bounds() {
    return bounds;
  }

  /** Values at or below the bound at {@code index} since start. */
  public long cumulativeCount(int index) {
    return cumulative[index];
  }

  /**
   * Quantile {@code q} ({@code 0 < q ≤ 1}) of the recent values: the sliding window and what was
   * recorded after it; NaN when there are none.
   *
   * @throws IllegalArgumentException when {@code q} is outside (0, 1]
   */
  public double quantile(double q) {
    Arguments.quantile("quantile", q);
    return recent.count() == 0 ? Double.NaN : recent.valueAtPercentile(q * 100, precision);
  }
}
