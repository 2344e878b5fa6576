package io.perfkit.monitor;

import java.util.List;

/**
 * A value that can go up and down, sampled on each tick: a {@link SettableGauge} the application
 * sets, or a {@link SuppliedGauge} that reads a supplier. Thread-safe.
 */
public abstract sealed class Gauge extends Meter permits SettableGauge, SuppliedGauge {

  private static final List<String> FIELDS = List.of("value");

  Gauge(MetricId id, String help) {
    super(id, help);
  }

  Gauge(MetricId id, String help, String unit) {
    super(id, help, unit);
  }

  @Override
  public final MetricKind kind() {
    return MetricKind.GAUGE;
  }

  /** The current value. */
  public abstract double value();

  @Override
  final List<String> fields() {
    return FIELDS;
  }

  @Override
  final GaugeSample sample(Tick tick) {
    return new GaugeSample(id(), help(), unit(), value());
  }
}
