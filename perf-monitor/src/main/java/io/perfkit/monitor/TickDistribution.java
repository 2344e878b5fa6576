package io.perfkit.monitor;

import io.perfkit.api.Arguments;
import io.perfkit.monitor.internal.Distribution;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * The values a timer or distribution recorded over one tick, kept so that any quantile of them
 * can be read, by the project's one definition (see {@link DistributionStats}). A
 * {@link SuppliedTimer} knows no single value, so its tick's distribution is always empty.
 * Immutable.
 */
public final class TickDistribution {

  private final Distribution values;
  private final Histogram precision;
  private final double unitScale;

  TickDistribution(Distribution values, Histogram precision, double unitScale) {
    this.values = values;
    this.precision = precision;
    this.unitScale = unitScale;
  }

  /** Values in it. */
  public long count() {
    return values.count();
  }

  /**
   * Any quantile ({@code 0 < q ≤ 1}, e.g. 0.99) of the tick, in base units (seconds for
   * timers); empty for a tick that recorded nothing.
   *
   * @throws IllegalArgumentException when {@code q} is outside (0, 1]
   */
  public OptionalDouble quantile(double q) {
    Arguments.quantile("quantile", q);
    if (values.count() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(values.valueAtPercentile(q * 100, precision) * unitScale);
  }

  @Override
  public String toString() {
    return "TickDistribution{" + values.count() + " values}";
  }
}
