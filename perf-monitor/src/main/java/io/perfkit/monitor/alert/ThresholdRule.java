package io.perfkit.monitor.alert;

import io.perfkit.api.Labels;
import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.api.alert.MetricsView;
import io.perfkit.api.alert.Severity;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A rule that compares one statistic of one metric with a threshold: its value, its rate per
 * second, or a percentile of the last tick. Built with {@link AlertRules} or parsed from a rules
 * file. Its messages print the value and the threshold in the rule's {@link Unit}: the message
 * template while the condition holds, the side of the threshold the value is on otherwise
 * ({@code request rate 27 requests/s, below 40 requests/s}), and words of its own when the metric
 * has no value. Immutable.
 */
public final class ThresholdRule implements WordedRule {

  /** What the rule reads from the metric. */
  public enum Source {
    VALUE,
    RATE,
    QUANTILE
  }

  /** How it compares. */
  public enum Comparison {
    ABOVE(">", "above"),
    AT_LEAST(">=", "at or above"),
    BELOW("<", "below"),
    AT_MOST("<=", "at or below");

    final String symbol;
    /** The condition in words, before the threshold: {@code above 40/s}. */
    final String words;

    Comparison(String symbol, String words) {
      this.symbol = symbol;
      this.words = words;
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
  private final Unit unit;
  private final String quantity;
  private final String noDataMessage;

  ThresholdRule(String name, Severity severity, String metric, Source source, double quantile, Comparison comparison,
      double threshold, Duration forDuration, Duration keepFiringFor, Labels labels, String message, Unit unit,
      String quantity, String noDataMessage) {
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
    this.unit = unit;
    this.quantity = quantity;
    this.noDataMessage = noDataMessage;
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

  /** The unit the value and the threshold are printed in. */
  public Unit unit() {
    return unit;
  }

  /** What the rule compares, in words: {@code rate of app.requests}, {@code GC overhead}. */
  public String quantity() {
    return quantity;
  }

  /** The threshold, in the metric's base unit. */
  public double threshold() {
    return threshold;
  }

  /** How the value is compared with the threshold. */
  public Comparison comparison() {
    return comparison;
  }

  @Override
  public String message(String metric, double value) {
    if (Double.isNaN(value)) {
      return render(noDataMessage, metric, value);
    }
    if (comparison.test(value, threshold)) {
      return render(message, metric, value);
    }
    return quantity + " " + unit.format(value) + ", " + side(value, false) + " " + unit.format(threshold);
  }

  @Override
  public String resolvedMessage(String metric, double value) {
    if (Double.isNaN(value)) {
      return "resolved: " + quantity + " has no value";
    }
    return "resolved: " + quantity + " " + unit.format(value) + ", " + side(value, true) + " " + unit.format(threshold);
  }

  /** Where {@code value} is beside the threshold: below, at or above it; "back" to it when {@code back}. */
  private String side(double value, boolean back) {
    if (value == threshold) {
      return back ? "back to" : "at";
    }
    String side = value < threshold ? "below" : "above";
    return back ? "back " + side : side;
  }

  private String render(String template, String metric, double value) {
    return MessageTemplate.render(template, this, metric, value, unit, threshold);
  }

  @Override
  public AlertEvaluation evaluate(MetricsView metrics) {
    OptionalDouble v;
    switch (source) {
      case VALUE: v = metrics.value(metric); break;
      case RATE: v = metrics.rate(metric); break;
      default: v = metrics.quantile(metric, quantile); break;
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
    String lhs = source == Source.QUANTILE ? f : f + "(" + metric + ")";
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
