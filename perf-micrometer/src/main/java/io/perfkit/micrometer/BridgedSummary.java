package io.perfkit.micrometer;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.List;

/**
 * A Micrometer distribution summary that is a Perfkit distribution. As in Micrometer, an amount
 * is multiplied by the summary's own scale and a negative one is ignored; the scaled amount is
 * then multiplied by the registry's {@code summaryScale} and rounded to a whole number, Perfkit's
 * unit. Reading divides {@code summaryScale} back out, so it gives Micrometer's scaled amounts.
 */
final class BridgedSummary extends BridgedDistribution implements DistributionSummary {

  private final io.perfkit.monitor.DistributionSummary summary;
  private final double scale;
  private final double summaryScale;

  BridgedSummary(Id id, io.perfkit.monitor.DistributionSummary summary, List<Double> percentiles, double scale,
      double summaryScale) {
    super(id, summary, percentiles);
    this.summary = summary;
    this.scale = scale;
    this.summaryScale = summaryScale;
  }

  @Override
  public void record(double amount) {
    if (amount >= 0) {
      summary.record(Math.round(amount * scale * summaryScale));
    }
  }

  @Override
  public double totalAmount() {
    return current().sum() / summaryScale;
  }

  @Override
  public double max() {
    return current().max() / summaryScale;
  }

  @Override
  public HistogramSnapshot takeSnapshot() {
    return snapshot(summaryScale);
  }
}
