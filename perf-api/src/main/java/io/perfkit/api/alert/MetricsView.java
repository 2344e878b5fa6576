package io.perfkit.api.alert;

import java.time.Instant;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A read-only view of the metrics as of one monitor tick, handed to {@link AlertRule#evaluate}.
 * All values are in base units: seconds for timers, bytes for sizes, plain numbers otherwise.
 * Absence (an unknown metric, or a statistic the metric does not have) is an empty optional,
 * never an exception. Implementations are immutable snapshots, safe to read from any thread.
 */
public interface MetricsView {

  /** The time of the tick this view describes. */
  Instant time();

  /** Names of every metric in the view. */
  Set<String> metricNames();

  /**
   * The current value: a gauge's value, a counter's total, or a timer's or distribution's count.
   */
  OptionalDouble value(String metric);

  /**
   * The rate per second over the last tick: a counter's increase, or a timer's or distribution's
   * count of recordings, divided by the tick's length.
   */
  OptionalDouble rate(String metric);

  /**
   * A quantile (0 &lt; q ≤ 1, e.g. 0.99) of a timer or distribution over the last tick, in base
   * units (seconds for timers): the value at or below which that fraction of the tick's values
   * fall, at the histogram's precision (HdrHistogram's {@code getValueAtPercentile}). Empty for
   * other metrics and for a timer that recorded nothing in the last tick.
   *
   * @throws IllegalArgumentException when {@code q} is not in (0, 1], as
   *     {@link io.perfkit.api.Arguments#quantile} checks every quantile
   */
  OptionalDouble quantile(String metric, double q);
}
