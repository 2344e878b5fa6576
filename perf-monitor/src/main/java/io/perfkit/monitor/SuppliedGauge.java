package io.perfkit.monitor;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

/**
 * A gauge that reads a supplier on each tick. A supplier that throws yields NaN for that tick
 * and is logged once. Thread-safe when the supplier is.
 */
public final class SuppliedGauge extends Gauge {

  private static final System.Logger LOG = System.getLogger(SuppliedGauge.class.getName());

  private final DoubleSupplier supplier;
  private final AtomicBoolean warned = new AtomicBoolean();

  SuppliedGauge(MetricId id, String help, String unit, DoubleSupplier supplier) {
    super(id, help, unit);
    this.supplier = Objects.requireNonNull(supplier, "supplier");
  }

  /** The supplier's answer now, or NaN when it throws. */
  @Override
  public double value() {
    try {
      return supplier.getAsDouble();
    } catch (RuntimeException e) {
      if (warned.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "gauge " + id() + " supplier failed; reporting NaN: " + e, e);
      }
      return Double.NaN;
    }
  }
}
