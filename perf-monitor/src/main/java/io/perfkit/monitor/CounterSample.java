package io.perfkit.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A counter's sample: its total since start and how fast it grew over the tick. Its history and
 * subscription fields are {@code value} (the total) and {@code rate}.
 *
 * @param id the metric
 * @param help its description, or empty
 * @param unit the base unit of what it counts, or empty
 * @param total the count since start; NaN for a {@link SuppliedCounter} whose function failed
 * @param rate the increase per second over the tick
 */
public record CounterSample(MetricId id, String help, String unit, double total, double rate)
    implements MetricSample {

  /** Checks that no part is null. */
  public CounterSample {
    SampleParts.requireNonNull(id, help, unit);
  }

  @Override
  public Map<String, Double> fields() {
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("value", total);
    f.put("rate", rate);
    return f;
  }

  @Override
  public MetricKind kind() {
    return MetricKind.COUNTER;
  }
}
