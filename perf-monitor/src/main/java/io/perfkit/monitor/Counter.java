package io.perfkit.monitor;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonically increasing count. Thread-safe; {@link #increment} is a {@link LongAdder} add:
 * wait-free, allocation-free, and striped so that threads do not contend.
 */
public final class Counter extends Meter {

  private static final List<String> FIELDS = List.of("value", "rate");

  private final LongAdder adder = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private long lastTotal;

  Counter(MetricId id, String help, String unit) {
    super(id, help, unit);
  }

  @Override
  public MetricKind kind() {
    return MetricKind.COUNTER;
  }

  /** Adds one. */
  public void increment() {
    adder.increment();
  }

  /**
   * Adds {@code n}. A negative {@code n} would make the counter go down, which Prometheus reads
   * as a restart; it is ignored and counted by {@link #rejected()} rather than thrown, since this
   * runs on the application's path.
   */
  public void increment(long n) {
    if (n < 0) {
      rejected.increment();
      return;
    }
    adder.add(n);
  }

  /** The total so far. */
  public long count() {
    return adder.sum();
  }

  /** Negative increments ignored. */
  public long rejected() {
    return rejected.sum();
  }

  @Override
  List<String> fields() {
    return FIELDS;
  }

  @Override
  CounterSample sample(Tick tick) {
    long total = count();
    double rate = (total - lastTotal) / tick.seconds();
    lastTotal = total;
    return new CounterSample(id(), help(), unit(), total, rate);
  }
}
