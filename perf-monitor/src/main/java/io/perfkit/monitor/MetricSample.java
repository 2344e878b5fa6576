package io.perfkit.monitor;

import io.perfkit.monitor.internal.Distribution;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One metric's values at one tick. Immutable.
 */
public final class MetricSample {

  private final MetricId id;
  private final String unit;
  private final MetricKind kind;
  private final String help;
  private final double value;
  private final double rate;
  private final DistributionStats tick;
  private final DistributionStats window;
  private final Distribution tickDistribution;
  private final Histogram precision;
  private final double sum;
  private final HistogramSettings settings;
  private final long[] cumulativeBuckets;
  private final double[] quantiles;
  private final long recentMax;

  private MetricSample(Meter m, double value, double rate, DistributionStats tick,
      DistributionStats window, Distribution tickDistribution, Histogram precision, double sum,
      HistogramSettings settings, long[] cumulativeBuckets, double[] quantiles, long recentMax) {
    this.id = m.id();
    this.unit = m.unit();
    this.kind = m.kind();
    this.help = m.help();
    this.sum = sum;
    this.settings = settings;
    this.cumulativeBuckets = cumulativeBuckets;
    this.quantiles = quantiles;
    this.recentMax = recentMax;
    this.value = value;
    this.rate = rate;
    this.tick = tick;
    this.window = window;
    this.tickDistribution = tickDistribution;
    this.precision = precision;
  }

  /** A counter's or a gauge's sample. */
  static MetricSample scalar(Meter m, double value, double rate) {
    return new MetricSample(m, value, rate, null, null, null, null, Double.NaN, null, null, null, 0);
  }

  /** A timer's or a distribution's sample: totals since start, and the tick's and window's statistics. */
  static MetricSample distribution(DistributionMeter m, long totalCount, DistributionStats tick,
      DistributionStats window, Distribution tickDistribution, Histogram precision, double totalSum,
      long[] cumulativeBuckets, double[] quantiles, long recentMax) {
    return new MetricSample(m, totalCount, tick.rate(), tick, window, tickDistribution, precision, totalSum,
        m.settings(), cumulativeBuckets, quantiles, recentMax);
  }

  /** A {@link SuppliedTimer}'s sample: its count and total since start (ns), and its tick's count and mean. */
  static MetricSample supplied(SuppliedTimer m, long totalCount, DistributionStats tick, double totalNanos) {
    HistogramSettings s = SuppliedTimer.NOTHING_MORE;
    return new MetricSample(m, totalCount, tick.rate(), tick, DistributionStats.EMPTY, Distribution.EMPTY,
        s.template(), totalNanos, s, new long[0], new double[0], 0);
  }

  /** The metric's base unit (see {@link Meter#unit()}), or empty. */
  public String unit() {
    return unit;
  }

  /**
   * A timer's or distribution's bucket counts since start, one per bound of its
   * {@link HistogramSettings#buckets()}, bounds in base units; empty for other kinds and for
   * settings without buckets.
   */
  public java.util.List<BucketCount> buckets() {
    if (!isDistribution()) {
      return java.util.List.of();
    }
    java.util.List<BucketCount> out = new java.util.ArrayList<>(cumulativeBuckets.length);
    for (int i = 0; i < cumulativeBuckets.length; i++) {
      long bound = settings.buckets().get(i);
      // divided, not multiplied by 1e-9, so that 1 ms is exactly 0.001 s
      out.add(new BucketCount(kind == MetricKind.TIMER ? bound / 1e9 : bound, cumulativeBuckets[i]));
    }
    return out;
  }

  /**
   * A timer's or distribution's {@linkplain HistogramSettings#quantiles() reported quantiles}
   * over the sliding window, in base units, ascending by quantile; NaN while the window is empty;
   * empty for other kinds.
   */
  public java.util.SortedMap<Double, Double> quantiles() {
    java.util.TreeMap<Double, Double> out = new java.util.TreeMap<>();
    if (isDistribution()) {
      for (int i = 0; i < quantiles.length; i++) {
        out.put(settings.quantiles().get(i), quantiles[i] * unitScale());
      }
    }
    return out;
  }

  /**
   * A timer's or distribution's recent maximum (see {@link HistogramSettings#maxExpiry()}), in
   * base units; NaN for other kinds.
   */
  public double recentMax() {
    return isDistribution() ? recentMax * unitScale() : Double.NaN;
  }

  /** The metric. */
  public MetricId id() {
    return id;
  }

  /** What it is. */
  public MetricKind kind() {
    return kind;
  }

  /** Its description. */
  public String help() {
    return help;
  }

  /** A counter's total, a gauge's value, or a timer's or distribution's count over the tick. */
  public double value() {
    return value;
  }

  /** Per second over the tick: a counter's increase or a timer's recordings; NaN for gauges. */
  public double rate() {
    return rate;
  }

  /** A timer's or distribution's statistics over the tick (ns for timers); null otherwise. */
  public DistributionStats tick() {
    return tick;
  }

  /** The same over the sliding window; null for counters and gauges. */
  public DistributionStats window() {
    return window;
  }

  /** A timer's or distribution's sum of all values since start, in base units; NaN otherwise. */
  public double sum() {
    return isDistribution() ? sum * unitScale() : Double.NaN;
  }

  Distribution tickDistribution() {
    return tickDistribution;
  }

  Histogram precision() {
    return precision;
  }

  /**
   * Any quantile ({@code 0 < q ≤ 1}, e.g. 0.99) of the tick, in base units (seconds for
   * timers), by the project's one definition (see {@link DistributionStats}); empty for
   * counters and gauges and for a tick that recorded nothing.
   *
   * @throws IllegalArgumentException when {@code q} is outside (0, 1]
   */
  public java.util.OptionalDouble quantile(double q) {
    checkQuantile(q);
    if (!isDistribution() || tickDistribution.count() == 0) {
      return java.util.OptionalDouble.empty();
    }
    return java.util.OptionalDouble.of(tickDistribution.valueAtPercentile(q * 100, precision) * unitScale());
  }

  /** The project's quantile range, (0, 1], as every quantile parameter takes it. */
  static void checkQuantile(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile " + q + " must be in (0, 1], e.g. 0.99");
    }
  }

  /** Seconds per nanosecond, for exposing timers in base units. */
  static final double NANOS = 1e-9;

  /** True for timers and distributions. */
  public boolean isDistribution() {
    return kind == MetricKind.TIMER || kind == MetricKind.DISTRIBUTION;
  }

  /** The factor from recorded values to base units: 1e-9 for timers (ns → s), 1 otherwise. */
  public double unitScale() {
    return kind == MetricKind.TIMER ? NANOS : 1.0;
  }

  /** The fields kept in history and sent to subscribers, in base units (seconds for timers). */
  public Map<String, Double> fields() {
    Map<String, Double> f = new LinkedHashMap<>();
    switch (kind) {
      case COUNTER:
        f.put("value", value);
        f.put("rate", rate);
        break;
      case GAUGE:
        f.put("value", value);
        break;
      default:
        f.putAll(tick.fields(unitScale()));
        break;
    }
    return f;
  }
}
