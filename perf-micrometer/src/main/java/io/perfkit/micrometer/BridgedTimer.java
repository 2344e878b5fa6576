package io.perfkit.micrometer;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Micrometer timer that is a Perfkit timer: recording is Perfkit's (a negative duration is
 * ignored, as Micrometer does); reading is {@linkplain BridgedDistribution up to now}.
 */
final class BridgedTimer extends BridgedDistribution implements Timer {

  private final io.perfkit.monitor.Timer timer;

  BridgedTimer(Id id, io.perfkit.monitor.Timer timer, List<Double> percentiles) {
    super(id, timer, percentiles);
    this.timer = timer;
  }

  @Override
  public void record(long amount, TimeUnit unit) {
    if (amount >= 0) {
      timer.record(amount, unit);
    }
  }

  @Override
  public <T> T record(Supplier<T> f) {
    return timer.time(f);
  }

  @Override
  public <T> T recordCallable(Callable<T> f) throws Exception {
    return timer.timeCallable(f);
  }

  @Override
  public void record(Runnable f) {
    timer.time(f);
  }

  @Override
  public double totalTime(TimeUnit unit) {
    return current().sum() / unit.toNanos(1);
  }

  @Override
  public double max(TimeUnit unit) {
    return (double) current().max() / unit.toNanos(1);
  }

  @Override
  public TimeUnit baseTimeUnit() {
    return TimeUnit.SECONDS;
  }

  @Override
  public HistogramSnapshot takeSnapshot() {
    return snapshot(1);  // in nanoseconds, Micrometer's unit for a timer's snapshot
  }
}
