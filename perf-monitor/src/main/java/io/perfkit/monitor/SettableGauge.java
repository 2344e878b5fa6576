package io.perfkit.monitor;

/** A gauge the application sets; it reads 0 until the first {@link #set}. Thread-safe. */
public final class SettableGauge extends Gauge {

  private volatile double value;

  SettableGauge(MetricId id, String help) {
    super(id, help);
  }

  /** Sets the value the next tick samples. */
  public void set(double v) {
    value = v;
  }

  @Override
  public double value() {
    return value;
  }
}
