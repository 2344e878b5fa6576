package io.perfkit.monitor;

import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonically increasing count. Thread-safe; {@link #increment} is a {@link LongAdder} add:
 * wait-free, allocation-free, and striped so that threads do not contend.
 */
public final class Counter {

  private final MetricId id;
  private final String help;
  private final LongAdder adder = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  Counter(MetricId id, String help) {
    this.id = id;
    this.help = help;
  }

  public MetricId id() {
    return id;
  }

  String help() {
    return help;
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
}
