package io.perfkit.monitor;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

/**
 * A counter whose total is kept elsewhere and read on each tick, exposed as a counter (with
 * {@code _total}) and a rate per second, like {@link Counter}. A function that throws yields NaN
 * for that tick and is logged once. Thread-safe when the function is.
 */
public final class SuppliedCounter extends Meter {

  private static final System.Logger LOG = System.getLogger(SuppliedCounter.class.getName());
  private static final List<String> FIELDS = List.of("value", "rate");

  private final DoubleSupplier total;
  private final AtomicBoolean warned = new AtomicBoolean();
  private double lastTotal = Double.NaN;

  SuppliedCounter(MetricId id, String help, String unit, DoubleSupplier total) {
    super(id, help, unit);
    this.total = total;
  }

  @Override
  public MetricKind kind() {
    return MetricKind.COUNTER;
  }

  /** The function's total now, or NaN when it throws. */
  public double count() {
    try {
      return total.getAsDouble();
    } catch (RuntimeException e) {
      if (warned.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "counter " + id() + " function failed; reporting NaN: " + e, e);
      }
      return Double.NaN;
    }
  }

  @Override
  List<String> fields() {
    return FIELDS;
  }

  @Override
  CounterSample sample(Tick tick) {
    double now = count();
    double rate = Double.isNaN(lastTotal) ? 0 : (now - lastTotal) / tick.seconds();
    lastTotal = now;
    return new CounterSample(id(), help(), unit(), now, rate);
  }
}
