package io.perfkit.monitor;

import io.perfkit.api.Arguments;
import io.perfkit.monitor.internal.Distribution;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A distribution of recorded values with its tick and sliding-window statistics: a
 * {@link Timer} (values in nanoseconds, exposed in seconds) or a {@link DistributionSummary}
 * (unitless). Both record the same way, wait-free and allocation-free (see {@link Timer}), and
 * give percentiles by the project's one definition (see {@link DistributionStats}).
 */
public abstract sealed class DistributionMeter extends Meter permits Timer, DistributionSummary {

  private static final List<String> FIELDS =
      List.of("count", "rate", "min", "mean", "p50", "p90", "p99", "p999", "max");

  final HistogramCore core;

  DistributionMeter(MetricId id, String help, String unit, HistogramCore core) {
    super(id, help, unit);
    this.core = core;
  }

  HistogramCore core() {
    return core;
  }

  /** The range, precision and correction this meter uses. */
  public HistogramSettings settings() {
    return core.settings;
  }

  /** Statistics of the last tick, in recorded units. */
  public DistributionStats lastTick() {
    return core.lastTick();
  }

  /** Statistics of the sliding window, in recorded units. */
  public DistributionStats window() {
    return core.window();
  }

  /**
   * Any quantile ({@code 0 < q ≤ 1}, e.g. 0.99) of the sliding window, in recorded units (ns
   * for a timer); empty while the window is.
   *
   * @throws IllegalArgumentException when {@code q} is outside (0, 1]
   */
  public OptionalDouble windowQuantile(double q) {
    Arguments.quantile("quantile", q);
    Distribution w = core.windowDistribution();
    return w.count() == 0 ? OptionalDouble.empty() : OptionalDouble.of(w.valueAtPercentile(q * 100, core.precision));
  }

  /**
   * Everything recorded up to now, including what the next tick has not taken yet. It drains the
   * recording threads' tables as a tick does (the next tick takes those values as its own), so it
   * costs about as much as a tick of this meter; meant for readers such as the Micrometer bridge,
   * not for a loop.
   */
  public CurrentStats current() {
    return core.current();
  }

  /**
   * The recent maximum (see {@link HistogramSettings#maxExpiry()}) as of now, in recorded units;
   * 0 when nothing is recent. It takes the values recorded since the last drain, as
   * {@link #current()} does, but computes nothing else.
   */
  public long recentMax() {
    return core.recentMaxNow();
  }

  /** Values clamped into the range (negative, or above the highest trackable value). */
  public long clamped() {
    return core.recorder.clamped();
  }

  /** Bytes this meter holds now: per-thread tables and window slots. */
  public long footprintBytes() {
    return core.footprintBytes();
  }

  @Override
  final List<String> fields() {
    return FIELDS;
  }

  @Override
  final DistributionSample sample(Tick tick) {
    tick.scratch().clear();
    core.tick(tick.scratch(), tick.seconds(), tick.slotSeconds());
    tick.scratch().clear();
    MetricKind kind = kind();
    double scale = DistributionSample.unitScale(kind);
    HistogramSettings settings = core.settings;
    long[] cumulative = core.cumulativeBuckets();
    List<BucketCount> buckets = new ArrayList<>(cumulative.length);
    for (int i = 0; i < cumulative.length; i++) {
      buckets.add(new BucketCount(DistributionSample.boundInBaseUnits(kind, settings.buckets().get(i)), cumulative[i]));
    }
    double[] quantiles = core.windowQuantiles();
    SortedMap<Double, Double> windowQuantiles = new TreeMap<>();
    for (int i = 0; i < quantiles.length; i++) {
      windowQuantiles.put(settings.quantiles().get(i), quantiles[i] * scale);
    }
    return new DistributionSample(id(), help(), kind, DistributionSample.baseUnit(kind, unit()), core.totalCount(),
        core.totalSum() * scale, core.lastTick(), core.window(),
        new TickDistribution(core.lastTickDistribution(), core.precision, scale), buckets, windowQuantiles,
        core.recentMax() * scale, core.nativeHistogram());
  }
}
