package io.perfkit.monitor;

import java.util.Map;

/**
 * One metric's values at one tick, one record per kind of meter, so that each holds only what
 * its kind has: a {@link CounterSample} (a {@link Counter} or a {@link SuppliedCounter}), a
 * {@link GaugeSample} (a {@link SettableGauge} or a {@link SuppliedGauge}), or a
 * {@link DistributionSample} (a {@link Timer}, a {@link DistributionSummary} or a
 * {@link SuppliedTimer}). Readers tell them apart by type:
 *
 * <pre>{@code
 * if (sample instanceof DistributionSample d) {
 *   double p99 = d.tickDistribution().quantile(0.99).orElse(Double.NaN);
 * }
 * }</pre>
 *
 * Immutable.
 */
public sealed interface MetricSample permits CounterSample, GaugeSample, DistributionSample {

  /** The metric. */
  MetricId id();

  /** Its description, or empty. */
  String help();

  /** The base unit of its values (seconds for timers; see {@link Meter#unit()}), or empty. */
  String unit();

  /** The kind it is exposed as. */
  MetricKind kind();

  /** The fields kept in history and sent to subscribers, in base units (seconds for timers). */
  Map<String, Double> fields();
}
