package io.perfkit.micrometer;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Duration;
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

  /*
   * The recording methods stay this small on purpose: code instrumented with Micrometer reaches
   * them through an interface call, so the JIT often compiles them on their own before it compiles
   * their caller, and then inlines them into that caller only if the compiled method is small. So
   * the common case (nanoseconds, Micrometer's own unit for timing) goes straight to Perfkit's
   * recording, and everything else is in a separate method.
   */

  @Override
  public void record(long amount, TimeUnit unit) {
    if (unit == TimeUnit.NANOSECONDS && amount >= 0) {
      timer.recordNanos(amount);
    } else {
      recordOther(amount, unit);
    }
  }

  @Override
  public void record(Duration duration) {
    record(duration.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Another unit, or a negative amount (ignored, as Micrometer does). */
  private void recordOther(long amount, TimeUnit unit) {
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
