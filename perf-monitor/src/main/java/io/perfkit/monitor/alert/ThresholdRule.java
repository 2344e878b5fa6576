package io.perfkit.monitor.alert;

import io.perfkit.api.Labels;
import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.api.alert.AlertRule;
import io.perfkit.api.alert.MetricsView;
import io.perfkit.api.alert.Severity;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A rule that compares one statistic of one metric with a threshold: its value, its rate per
 * second, or a percentile of the last tick. Built with {@link AlertRules} or parsed from a rules
 * file. Immutable.
 */
public final class ThresholdRule implements AlertRule {

  /** What the rule reads from the metric. */
  public enum Source {
    VALUE,
    RATE,
    PERCENTILE
  }

  /** How it compares. */
  public enum Comparison {
    ABOVE(">"),
    AT_LEAST(">="),
    BELOW("<"),
    AT_MOST("<=");

    final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    boolean test(double value, double threshold) {
      switch (this) {
        case ABOVE: return value > threshold;
        case AT_LEAST: return value >= threshold;
        case BELOW: return value < threshold;
        default: return value <= threshold;
      }
    }
  }

  private final String name;
  private final Severity severity;
  private final String metric;
  private final Source source;
  private final double quantile;
  private final Comparison comparison;
  private final double threshold;
  private final Duration forDuration;
  private final Duration keepFiringFor;
  private final Labels labels;
  private final String message;

  ThresholdRule(String name, Severity severity, String metric, Source source, double quantile, Comparison comparison,
      double threshold, Duration forDuration, Duration keepFiringFor, Labels labels, String message) {
    this.name = name;
    this.severity = severity;
    this.metric = metric;
    this.source = source;
    this.quantile = quantile;
    this.comparison = comparison;
    this.threshold = threshold;
    this.forDuration = forDuration;
    this.keepFiringFor = keepFiringFor;
    this.labels = labels;
    this.message = message;
  }

  @Override
  public String name() {
    return name;
  }

  /** The metric the rule reads. */
  public String metric() {
    return metric;
  }

  @Override
  public Severity severity() {
    return severity;
  }

  @Override
  public Duration forDuration() {
    return forDuration;
  }

  @Override
  public Duration keepFiringFor() {
    return keepFiringFor;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public String messageTemplate() {
    return message;
  }

  @Override
  public AlertEvaluation evaluate(MetricsView metrics) {
    OptionalDouble v;
    switch (source) {
      case VALUE: v = metrics.value(metric); break;
      case RATE: v = metrics.rate(metric); break;
      default: v = metrics.percentile(metric, quantile); break;
    }
    if (v.isEmpty() || Double.isNaN(v.getAsDouble())) {
      return AlertEvaluation.noData(metric);
    }
    double value = v.getAsDouble();
    return comparison.test(value, threshold) ? AlertEvaluation.active(metric, value) : AlertEvaluation.inactive(metric, value);
  }

  /** The condition as a rules-file expression, e.g. {@code p99(http.latency) > 0.2}. */
  public String expression() {
    String f;
    switch (source) {
      case VALUE: f = "value"; break;
      case RATE: f = "rate"; break;
      default: f = "quantile(" + stripZeros(quantile) + ", " + metric + ")"; break;
    }
    String lhs = source == Source.PERCENTILE ? f : f + "(" + metric + ")";
    return lhs + " " + comparison.symbol + " " + stripZeros(threshold);
  }

  private static String stripZeros(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
  }

  @Override
  public String toString() {
    return name + ": " + expression();
  }
}
