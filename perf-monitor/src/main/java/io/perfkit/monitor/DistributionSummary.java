package io.perfkit.monitor;

/**
 * A distribution of values that are not times: payload sizes, batch lengths, queue depths. Same
 * engine and guarantees as {@link Timer} (wait-free, allocation-free recording; 3 significant
 * digits by default). Thread-safe.
 */
public final class DistributionSummary extends DistributionMeter {

  DistributionSummary(MetricId id, String help, String unit, HistogramCore core) {
    super(id, help, unit, core);
  }

  @Override
  public MetricKind kind() {
    return MetricKind.DISTRIBUTION;
  }

  /** Records a value. A negative value is recorded as 0 and counted as clamped. */
  public void record(long value) {
    core.recorder.record(value);
  }
}
