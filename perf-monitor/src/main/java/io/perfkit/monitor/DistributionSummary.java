package io.perfkit.monitor;

/**
 * A distribution of values that are not times: payload sizes, batch lengths, queue depths. Same
 * engine and guarantees as {@link Timer} (wait-free, allocation-free recording; 3 significant
 * digits by default). Thread-safe.
 */
public final class DistributionSummary {

  private final MetricId id;
  private final String help;
  private final HistogramCore core;

  DistributionSummary(MetricId id, String help, HistogramCore core) {
    this.id = id;
    this.help = help;
    this.core = core;
  }

  public MetricId id() {
    return id;
  }

  String help() {
    return help;
  }

  HistogramCore core() {
    return core;
  }

  /** Records a value. A negative value is recorded as 0 and counted as clamped. */
  public void record(long value) {
    core.recorder.record(value);
  }

  /** Statistics of the last tick. */
  public DistributionStats lastTick() {
    return core.lastTick();
  }

  /** Statistics of the sliding window. */
  public DistributionStats window() {
    return core.window();
  }

  /** Values clamped into range. */
  public long clamped() {
    return core.recorder.clamped();
  }
}
