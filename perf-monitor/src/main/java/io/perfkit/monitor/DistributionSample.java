package io.perfkit.monitor;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A timer's or distribution's sample: its count and sum since start (what Prometheus exposes as
 * {@code _count} and {@code _sum}), the statistics of the tick and of the sliding window, and
 * the buckets, reported quantiles and recent maximum its {@link HistogramSettings} publish. Its
 * history and subscription fields are the tick's ({@link DistributionStats#fields(double)}).
 *
 * <p>The statistics ({@link #tick()}, {@link #window()}) are in the recording unit (nanoseconds
 * for timers); everything else is in base units (seconds for timers): multiply by
 * {@link #unitScale()} to go from the one to the other.
 *
 * @param id the metric
 * @param help its description, or empty
 * @param kind {@link MetricKind#TIMER} or {@link MetricKind#DISTRIBUTION}
 * @param unit the base unit of its values: {@code seconds} for a timer, else the meter's unit or empty
 * @param count values recorded since start
 * @param sum their sum, in base units
 * @param tick statistics of the tick, in the recording unit
 * @param window statistics of the sliding window, in the recording unit
 * @param tickDistribution the tick's values, for any quantile of them
 * @param buckets the count at or below each bound of {@link HistogramSettings#buckets()} since
 *     start, bounds in base units; empty for settings without buckets
 * @param windowQuantiles the {@linkplain HistogramSettings#quantiles() reported quantiles} over
 *     the sliding window, in base units, ascending by quantile; NaN while the window is empty
 * @param recentMax the recent maximum (see {@link HistogramSettings#maxExpiry()}), in base
 *     units; 0 when nothing is recent or the meter keeps no single value
 * @param exponential the values since start in exponential buckets of base units, which add
 *     across instances ({@link NativeHistogram}); {@link NativeHistogram#EMPTY} for a meter that
 *     keeps no values, only totals
 */
public record DistributionSample(MetricId id, String help, MetricKind kind, String unit, long count, double sum,
    DistributionStats tick, DistributionStats window, TickDistribution tickDistribution, List<BucketCount> buckets,
    SortedMap<Double, Double> windowQuantiles, double recentMax, NativeHistogram exponential) implements MetricSample {

  /** Seconds per nanosecond, for exposing timers in base units. */
  static final double SECONDS_PER_NANO = 1e-9;

  /**
   * Checks that no part is null and that the kind is a distribution's; keeps unmodifiable copies
   * of the buckets and quantiles.
   */
  public DistributionSample {
    SampleParts.requireNonNull(id, help, unit);
    if (kind != MetricKind.TIMER && kind != MetricKind.DISTRIBUTION) {
      throw new IllegalArgumentException("kind " + kind + " is not a timer's or a distribution's");
    }
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(tickDistribution, "tickDistribution");
    Objects.requireNonNull(exponential, "exponential");
    buckets = List.copyOf(buckets);
    windowQuantiles = Collections.unmodifiableSortedMap(new TreeMap<>(windowQuantiles));
  }

  /** The factor from the recording unit to base units: 1e-9 for a timer (ns → s), 1 otherwise. */
  public double unitScale() {
    return unitScale(kind);
  }

  static double unitScale(MetricKind kind) {
    return kind == MetricKind.TIMER ? SECONDS_PER_NANO : 1.0;
  }

  /** The base unit of a meter's values: seconds for a timer, else the meter's own. */
  static String baseUnit(MetricKind kind, String meterUnit) {
    return kind == MetricKind.TIMER ? "seconds" : meterUnit;
  }

  /** A bucket bound in base units: divided, not multiplied by 1e-9, so that 1 ms is exactly 0.001 s. */
  static double boundInBaseUnits(MetricKind kind, long bound) {
    return kind == MetricKind.TIMER ? bound / 1e9 : bound;
  }

  @Override
  public Map<String, Double> fields() {
    return tick.fields(unitScale());
  }
}
