package io.perfkit.micrometer;

import io.micrometer.core.instrument.AbstractMeter;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.MetricSample;
import io.perfkit.monitor.Monitor;
import java.util.Optional;

/** What a bridged timer and summary share: they read their numbers from the monitor's last tick. */
abstract class BridgedDistribution extends AbstractMeter {

  private final Monitor monitor;
  private final String key;

  BridgedDistribution(Id id, Monitor monitor, MetricId pid) {
    super(id);
    this.monitor = monitor;
    this.key = pid.key();
  }

  /** This meter's sample in the monitor's last snapshot; empty before the first tick. */
  final Optional<MetricSample> sample() {
    return monitor.snapshot().sample(key);
  }

  /** Values recorded up to the last tick. */
  public final long count() {
    return sample().map(s -> (long) s.value()).orElse(0L);
  }
}
