package io.perfkit.monitor;

import io.perfkit.api.alert.MetricsView;
import java.time.Instant;
import java.util.Collections;
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

  @Override
  public OptionalDouble value(String metric) {
    MetricSample s = samples.get(metric);
    return s == null ? OptionalDouble.empty() : OptionalDouble.of(s.value());
  }

  @Override
  public OptionalDouble rate(String metric) {
    MetricSample s = samples.get(metric);
    if (s == null || s.kind() == MetricKind.GAUGE) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(s.rate());
  }

  @Override
  public OptionalDouble percentile(String metric, double quantile) {
    MetricSample s = samples.get(metric);
    if (s == null || !(quantile > 0 && quantile <= 1)) {
      return OptionalDouble.empty();
    }
    return s.quantile(quantile);
  }

  /** An empty snapshot, before the first tick. */
  static MonitorSnapshot empty(Instant time) {
    return new MonitorSnapshot(time, 0, new java.util.TreeMap<>());
  }

  /** Convenience: a metric's sample. */
  public java.util.Optional<MetricSample> sample(String key) {
    return java.util.Optional.ofNullable(samples.get(key));
  }

  @Override
  public String toString() {
    return "MonitorSnapshot{" + time + ", " + samples.size() + " metrics}";
  }
}
