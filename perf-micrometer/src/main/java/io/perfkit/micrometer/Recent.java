package io.perfkit.micrometer;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.perfkit.monitor.DistributionStats;
import io.perfkit.monitor.MetricSample;

/**
 * What Micrometer calls recent, from a Perfkit sample: the sliding window once it has values,
 * else the last tick (the window fills one completed slot at a time).
 */
final class Recent {

  private Recent() {}

  static DistributionStats stats(MetricSample m) {
    return m.window() != null && m.window().count() > 0 ? m.window() : m.tick();
  }

  /** The largest value of the window and the tick, in the recording unit. */
  static long max(MetricSample m) {
    long w = m.window() == null ? 0 : m.window().max();
    return Math.max(w, m.tick().max());
  }

  /** A Micrometer snapshot of the sample, values divided by {@code perUnit}. */
  static HistogramSnapshot snapshot(MetricSample m, double totalInUnit, double perUnit) {
    DistributionStats d = stats(m);
    double[] qs = {0.5, 0.9, 0.99, 0.999};
    long[] vs = {d.p50(), d.p90(), d.p99(), d.p999()};
    ValueAtPercentile[] ps = new ValueAtPercentile[qs.length];
    for (int i = 0; i < qs.length; i++) {
      ps[i] = new ValueAtPercentile(qs[i], vs[i] / perUnit);
    }
    return new HistogramSnapshot((long) m.value(), totalInUnit, max(m) / perUnit, ps, new CountAtBucket[0], null);
  }
}
