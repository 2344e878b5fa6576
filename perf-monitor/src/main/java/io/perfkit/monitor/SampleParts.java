package io.perfkit.monitor;

import java.util.Objects;

/** The checks every {@link MetricSample} record makes of the parts they all have. */
final class SampleParts {

  private SampleParts() {}

  /** Checks that the metric, its description and its unit are there (empty, not null, when it has none). */
  static void requireNonNull(MetricId id, String help, String unit) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(help, "help");
    Objects.requireNonNull(unit, "unit");
  }
}
