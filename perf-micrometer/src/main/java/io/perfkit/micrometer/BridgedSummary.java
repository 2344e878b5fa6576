package io.perfkit.micrometer;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.MetricSample;
import io.perfkit.monitor.Monitor;

/**
 * A Micrometer distribution summary that is a Perfkit distribution. Amounts are multiplied by
 * the scale and rounded to whole numbers, Perfkit's unit; reading divides the scale back out.
 */
final class BridgedSummary extends BridgedDistribution implements DistributionSummary {

  private final io.perfkit.monitor.DistributionSummary summary;
  private final double scale;

  BridgedSummary(Id id, Monitor monitor, MetricId pid, io.perfkit.monitor.DistributionSummary summary, double scale) {
    super(id, monitor, pid);
    this.summary = summary;
    this.scale = scale;
  }

  @Override
  public void record(double amount) {
    if (amount >= 0) {  // Micrometer ignores negative amounts too
      summary.record(Math.round(amount * scale));
    }
  }

  @Override
  public double totalAmount() {
    return sample().map(MetricSample::sum).orElse(0.0) / scale;
  }

  @Override
  public double max() {
    return sample().map(s -> Recent.max(s) / scale).orElse(0.0);
  }

  @Override
  public HistogramSnapshot takeSnapshot() {
    return sample().map(m -> Recent.snapshot(m, m.sum() / scale, scale)).orElse(HistogramSnapshot.empty(0, 0, 0));
  }
}
