package io.perfkit.monitor.alert;

import io.perfkit.api.Labels;
import io.perfkit.api.alert.Severity;
import java.time.Instant;

/**
 * A rule started firing or resolved. Delivered to {@link AlertListener}s.
 *
 * @param kind firing or resolved
 * @param rule the rule's name
 * @param severity the rule's severity
 * @param labels the rule's labels
 * @param message the rendered message template
 * @param metric the metric the condition looked at
 * @param value the value it compared (NaN when there was no data)
 * @param time the tick at which the transition happened
 */
public record AlertEvent(Kind kind, String rule, Severity severity, Labels labels, String message, String metric,
    double value, Instant time) {

  /** What happened. */
  public enum Kind {
    FIRING,
    RESOLVED
  }
}
