package io.perfkit.api.alert;

import java.util.Objects;

/**
 * The outcome of evaluating a rule once.
 *
 * @param active whether the rule's condition holds now
 * @param metric the metric the condition looked at, for messages; may be empty
 * @param value the value the condition compared, for messages; NaN when there was no data
 */
public record AlertEvaluation(boolean active, String metric, double value) {

  public AlertEvaluation {
    Objects.requireNonNull(metric, "metric");
  }

  /** The condition holds. */
  public static AlertEvaluation active(String metric, double value) {
    return new AlertEvaluation(true, metric, value);
  }

  /** The condition does not hold. */
  public static AlertEvaluation inactive(String metric, double value) {
    return new AlertEvaluation(false, metric, value);
  }

  /** The metric had no data, which never activates a rule. */
  public static AlertEvaluation noData(String metric) {
    return new AlertEvaluation(false, metric, Double.NaN);
  }
}
