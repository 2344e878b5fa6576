package io.perfkit.monitor;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

/**
 * A value that can go up and down: set by the application ({@link #set}) or read from a
 * supplier on each tick. A supplier that throws yields NaN for that tick and is logged once.
 * Thread-safe.
 */
public final class Gauge {

  private static final System.Logger LOG = System.getLogger(Gauge.class.getName());

  private final MetricId id;
  private final String help;
  private final DoubleSupplier supplier;
  private volatile double value;
  private final AtomicBoolean warned = new AtomicBoolean();

  Gauge(MetricId id, String help, DoubleSupplier supplier) {
    this.id = id;
    this.help = help;
    this.supplier = supplier;
  }

  public MetricId id() {
    return id;
  }

  String help() {
    return help;
  }

  /**
   * Sets the value of a gauge created without a supplier.
   *
   * @throws IllegalStateException when the gauge reads a supplier
   */
  public void set(double v) {
    if (supplier != null) {
      throw new IllegalStateException("gauge " + id + " reads a supplier; it cannot be set");
    }
    value = v;
  }

  /** The current value: the supplier's answer, or the last value set. */
  public double value() {
    if (supplier == null) {
      return value;
    }
    try {
      return supplier.getAsDouble();
    } catch (RuntimeException e) {
      if (warned.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "gauge " + id + " supplier failed; reporting NaN: " + e, e);
      }
      return Double.NaN;
    }
  }
}
