package io.perfkit.micrometer;

import io.micrometer.core.instrument.AbstractMeter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.perfkit.monitor.CurrentStats;
import io.perfkit.monitor.DistributionMeter;
import java.util.List;

/**
 * What a bridged timer and summary share: their numbers are the Perfkit meter's
 * {@linkplain DistributionMeter#current() values up to now}, so a Micrometer reader sees a value
 * as soon as it is recorded, while the monitor's snapshot and exposition take it at the next tick.
 */
abstract class BridgedDistribution extends AbstractMeter {

  private final DistributionMeter meter;
  private final List<Double> percentiles;

  /**
   * @param percentiles the percentiles Micrometer's configuration asked for, ascending
   */
  BridgedDistribution(Id id, DistributionMeter meter, List<Double> percentiles) {
    super(id);
    this.meter = meter;
    this.percentiles = percentiles;
  }

  final CurrentStats current() {
    return meter.current();
  }

  /** Values recorded so far. */
  public final long count() {
    return current().count();
  }

  /**
   * A Micrometer snapshot: count, total and max, the requested percentiles over the recent values,
   * and the cumulative bucket counts; values divided by {@code perUnit} (Perfkit's recording unit
   * per Micrometer's snapshot unit).
   */
  final HistogramSnapshot snapshot(double perUnit) {
    CurrentStats c = current();
    ValueAtPercentile[] ps = new ValueAtPercentile[percentiles.size()];
    for (int i = 0; i < ps.length; i++) {
      ps[i] = new ValueAtPercentile(percentiles.get(i), c.quantile(percentiles.get(i)) / perUnit);
    }
    CountAtBucket[] bs = new CountAtBucket[c.bounds().size()];
    for (int i = 0; i < bs.length; i++) {
      bs[i] = new CountAtBucket(c.bounds().get(i) / perUnit, c.cumulativeCount(i));
    }
    return new HistogramSnapshot(c.count(), c.sum() / perUnit, c.max() / perUnit, ps, bs, null);
  }
}
