package io.perfkit.monitor;

import io.perfkit.monitor.internal.Distribution;
import java.util.List;
import java.util.OptionalDouble;

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
    MetricSample.checkQuantile(q);
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
  final MetricSample sample(Tick tick) {
    tick.scratch().clear();
    core.tick(tick.scratch(), tick.seconds(), tick.slotSeconds());
    tick.scratch().clear();
    DistributionStats t = core.lastTick();
    Distribution d = core.lastTickDistribution();
    return MetricSample.distribution(this, core.totalCount(), t, core.window(), d, core.precision, core.totalSum(),
        core.cumulativeBuckets(), core.windowQuantiles(), core.recentMax());
  }
}
