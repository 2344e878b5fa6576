package io.perfkit.monitor;

import io.perfkit.api.Arguments;
import io.perfkit.api.alert.MetricsView;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedMap;

/**
 * Every metric's values at one tick; the monitor's {@link MetricsView}. Values are in base units
 * (seconds for timers). Immutable: a scrape or an alert rule reads it without touching the
 * recording path.
 */
public final class MonitorSnapshot implements MetricsView {

  private final Instant time;
  private final double tickSeconds;
  private final SortedMap<String, MetricSample> samples;

  MonitorSnapshot(Instant time, double tickSeconds, SortedMap<String, MetricSample> samples) {
    this.time = time;
    this.tickSeconds = tickSeconds;
    this.samples = Collections.unmodifiableSortedMap(samples);
  }

  @Override
  public Instant time() {
    return time;
  }

  /** Length of the tick this snapshot closes, in seconds. */
  public double tickSeconds() {
    return tickSeconds;
  }

  /** Samples by {@link MetricId#key()}, sorted. */
  public SortedMap<String, MetricSample> samples() {
    return samples;
  }

  @Override
  public Set<String> metricNames() {
    return samples.keySet();
  }

  /** A gauge's value, a counter's total, or a timer's or distribution's count since start. */
  @Override
  public OptionalDouble value(String metric) {
    MetricSample s = samples.get(metric);
    if (s instanceof CounterSample c) {
      return OptionalDouble.of(c.total());
    } else if (s instanceof GaugeSample g) {
      return OptionalDouble.of(g.value());
    } else if (s instanceof DistributionSample d) {
      return OptionalDouble.of(d.count());
    }
    return OptionalDouble.empty();
  }

  /** A counter's increase, or a timer's or distribution's recordings, per second over the tick. */
  @Override
  public OptionalDouble rate(String metric) {
    MetricSample s = samples.get(metric);
    if (s instanceof CounterSample c) {
      return OptionalDouble.of(c.rate());
    } else if (s instanceof DistributionSample d) {
      return OptionalDouble.of(d.tick().rate());
    }
    return OptionalDouble.empty();
  }

  @Override
  public OptionalDouble quantile(String metric, double q) {
    Arguments.quantile("quantile", q);
    MetricSample s = samples.get(metric);
    if (!(s instanceof DistributionSample d)) {
      return OptionalDouble.empty();
    }
    return d.tickDistribution().quantile(q);
  }

  /** An empty snapshot, before the first tick. */
  static MonitorSnapshot empty(Instant time) {
    return new MonitorSnapshot(time, 0, new java.util.TreeMap<>());
  }

  /** Convenience: a metric's sample. */
  public Optional<MetricSample> sample(String key) {
    return Optional.ofNullable(samples.get(key));
  }

  /**
   * A metric's sample when it is of {@code type}, e.g. {@code sample(key, DistributionSample.class)};
   * empty when there is no such metric or it is of another kind.
   */
  public <T extends MetricSample> Optional<T> sample(String key, Class<T> type) {
    return sample(key).filter(type::isInstance).map(type::cast);
  }

  @Override
  public String toString() {
    return "MonitorSnapshot{" + time + ", " + samples.size() + " metrics}";
  }
}
