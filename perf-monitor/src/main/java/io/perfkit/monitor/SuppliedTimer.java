package io.perfkit.monitor;

import io.perfkit.monitor.internal.Distribution;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * A timer whose count and total time are kept elsewhere and read on each tick. It knows no single
 * value, so it has no percentiles, buckets or maximum: its tick statistics carry the count, rate
 * and mean of the tick (the percentile fields read 0), and it is exposed as a summary with {@code _count} and {@code _sum} only.
 * A function that throws yields 0 for that tick and is logged once. Thread-safe when the
 * functions are.
 */
public final class SuppliedTimer extends Meter {

  private static final System.Logger LOG = System.getLogger(SuppliedTimer.class.getName());
  private static final List<String> FIELDS =
      List.of("count", "rate", "min", "mean", "p50", "p90", "p99", "p999", "max");
  /** The tick's distribution, always empty: no single value is known. */
  private static final TickDistribution NO_VALUES =
      new TickDistribution(Distribution.EMPTY, HistogramSettings.TIMER_DEFAULT.template(), DistributionSample.SECONDS_PER_NANO);

  private final LongSupplier count;
  private final DoubleSupplier totalSeconds;
  private final AtomicBoolean warned = new AtomicBoolean();
  private long lastCount;
  private double lastSeconds;

  SuppliedTimer(MetricId id, String help, LongSupplier count, DoubleSupplier totalSeconds) {
    super(id, help);
    this.count = count;
    this.totalSeconds = totalSeconds;
  }

  @Override
  public MetricKind kind() {
    return MetricKind.TIMER;
  }

  @Override
  List<String> fields() {
    return FIELDS;
  }

  @Override
  DistributionSample sample(Tick tick) {
    long n;
    double seconds;
    try {
      n = count.getAsLong();
      seconds = totalSeconds.getAsDouble();
    } catch (RuntimeException e) {
      if (warned.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "timer " + id() + " function failed; reporting 0: " + e, e);
      }
      n = 0;
      seconds = 0;
    }
    long dn = Math.max(0, n - lastCount);
    double mean = dn == 0 ? 0 : Math.max(0, seconds - lastSeconds) * 1e9 / dn;
    lastCount = n;
    lastSeconds = seconds;
    DistributionStats t = dn == 0 ? DistributionStats.EMPTY
        : new DistributionStats(dn, dn / tick.seconds(), 0, mean, 0, 0, 0, 0, 0);
    return new DistributionSample(id(), help(), MetricKind.TIMER, DistributionSample.baseUnit(MetricKind.TIMER, unit()),
        n, seconds, t, DistributionStats.EMPTY, NO_VALUES, List.of(), Collections.emptySortedMap(), 0, NativeHistogram.EMPTY);
  }
}
