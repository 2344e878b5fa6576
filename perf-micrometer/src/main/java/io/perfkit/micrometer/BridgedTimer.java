package io.perfkit.micrometer;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.MetricSample;
import io.perfkit.monitor.Monitor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A Micrometer timer that is a Perfkit timer: recording is Perfkit's; reading is as of the last tick. */
final class BridgedTimer extends BridgedDistribution implements Timer {

  private final io.perfkit.monitor.Timer timer;

  BridgedTimer(Id id, Monitor monitor, MetricId pid, io.perfkit.monitor.Timer timer) {
    super(id, monitor, pid);
    this.timer = timer;
  }

  @Override
  public void record(long amount, TimeUnit unit) {
    timer.record(amount, unit);
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
    double seconds = sample().map(MetricSample::sum).orElse(0.0);
    return seconds * 1e9 / unit.toNanos(1);
  }

  @Override
  public double max(TimeUnit unit) {
    double nanos = sample().map(s -> (double) Recent.max(s)).orElse(0.0);
    return nanos / unit.toNanos(1);
  }

  @Override
  public TimeUnit baseTimeUnit() {
    return TimeUnit.SECONDS;
  }

  @Override
  public HistogramSnapshot takeSnapshot() {
    // in nanoseconds, Micrometer's unit for a timer's snapshot
    return sample().map(m -> Recent.snapshot(m, m.sum() * 1e9, 1)).orElse(HistogramSnapshot.empty(0, 0, 0));
  }
}
