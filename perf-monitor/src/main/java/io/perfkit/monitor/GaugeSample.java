package io.perfkit.monitor;

import java.util.Map;

/**
 * A gauge's sample: its value when the tick read it. Its history and subscription field is
 * {@code value}.
 *
 * @param id the metric
 * @param help its description, or empty
 * @param unit the base unit of its value, or empty
 * @param value the value read; NaN when a {@link SuppliedGauge}'s function failed
 */
public record GaugeSample(MetricId id, String help, String unit, double value) implements MetricSample {

  /** Checks that no part is null. */
  public GaugeSample {
    SampleParts.requireNonNull(id, help, unit);
  }

  @Override
  public Map<String, Double> fields() {
    return Map.of("value", value);
  }

  @Override
  public MetricKind kind() {
    return MetricKind.GAUGE;
  }
}
