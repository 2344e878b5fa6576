package io.perfkit.monitor;

import io.perfkit.monitor.internal.SparseCounts;
import java.util.List;

/**
 * A metric the monitor keeps, one of a closed set: a {@link Counter}, a {@link Gauge} (a
 * {@link SettableGauge} or a {@link SuppliedGauge}), or a {@link DistributionMeter} (a
 * {@link Timer}, whose values are nanoseconds, or a unitless {@link DistributionSummary}). Each
 * meter samples itself on the monitor's tick, so the tick needs no knowledge of the kinds.
 */
public abstract sealed class Meter permits Counter, SuppliedCounter, Gauge, DistributionMeter, SuppliedTimer {

  /** What one tick hands every meter: its length, the window slot's length, a scratch table. */
  record Tick(double seconds, double slotSeconds, SparseCounts scratch) {}

  private final MetricId id;
  private final String help;
  private final String unit;

  Meter(MetricId id, String help) {
    this(id, help, "");
  }

  Meter(MetricId id, String help, String unit) {
    this.id = id;
    this.help = help;
    this.unit = PrometheusNames.checkUnit(unit);
  }

  /**
   * The base unit its Prometheus name ends in ({@code bytes} makes {@code jvm.memory.used}
   * {@code jvm_memory_used_bytes}), or empty; timers are always in seconds.
   */
  public final String unit() {
    return unit;
  }

  /** The name and labels this meter is registered by. */
  public final MetricId id() {
    return id;
  }

  final String help() {
    return help;
  }

  /** The kind this meter is exposed as. */
  public abstract MetricKind kind();

  /** The fields its history keeps and its subscribers receive. */
  abstract List<String> fields();

  /** This tick's sample. Called on the tick thread only, once per tick. */
  abstract MetricSample sample(Tick tick);
}
