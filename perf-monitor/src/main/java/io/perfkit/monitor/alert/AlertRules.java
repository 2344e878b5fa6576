package io.perfkit.monitor.alert;

import io.perfkit.api.Arguments;
import io.perfkit.api.Labels;
import io.perfkit.api.Units;
import io.perfkit.api.alert.Severity;
import io.perfkit.monitor.MetricId;
import java.time.Duration;
import java.util.Objects;

/**
 * Builders for the common rules:
 *
 * <pre>{@code
 * AlertRules.quantile("SlowCheckout", "http.latency", 0.99).above(Duration.ofMillis(200))
 *     .forDuration(Duration.ofSeconds(30)).severity(Severity.CRITICAL).build();
 * AlertRules.threshold("HeapHigh", "jvm.memory.heap.used.bytes").above(2e9).build();
 * AlertRules.rate("Errors", "http.errors").above(5).build();
 * }</pre>
 */
public final class AlertRules {

  private AlertRules() {}

  /** A rule on a metric's current value (gauge value, counter total). */
  public static Builder threshold(String name, String metric) {
    return new Builder(name, metric, ThresholdRule.Source.VALUE, 0);
  }

  /** A rule on a metric's rate per second over the last tick. */
  public static Builder rate(String name, String metric) {
    return new Builder(name, metric, ThresholdRule.Source.RATE, 0);
  }

  /**
   * A rule on a quantile of a timer or distribution over the last tick, e.g. {@code 0.99} for
   * its p99.
   *
   * @param q in (0, 1], as {@link Arguments#quantile} checks it
   */
  public static Builder quantile(String name, String metric, double q) {
    return new Builder(name, metric, ThresholdRule.Source.QUANTILE, Arguments.quantile("quantile", q));
  }

  /** Configures a {@link ThresholdRule}; each setter validates its value. */
  public static final class Builder {
    private final String name;
    private final String metric;
    private final ThresholdRule.Source source;
    private final double quantile;
    private ThresholdRule.Comparison comparison;
    private double threshold;
    private Severity severity = Severity.WARNING;
    private Duration forDuration = Duration.ZERO;
    private Duration keepFiringFor = Duration.ZERO;
    private Labels labels = Labels.empty();
    private String message;
    private Unit unit;
    /** Whether the last comparison was given as a {@link Duration}, so compared in seconds. */
    private boolean durationThreshold;
    private String quantity;
    private String noDataMessage;

    private Builder(String name, String metric, ThresholdRule.Source source, double quantile) {
      this.name = checkRuleName(name);
      this.metric = Objects.requireNonNull(metric, "metric");
      if (!metric.contains("{")) {
        MetricId.checkName(metric);
      }
      this.source = source;
      this.quantile = quantile;
    }

    /** Active when the statistic is strictly above {@code threshold}. */
    public Builder above(double threshold) {
      return compare(ThresholdRule.Comparison.ABOVE, threshold);
    }

    /** Active when a timer's statistic is strictly above {@code threshold} (compared in seconds). */
    public Builder above(Duration threshold) {
      above(threshold.toNanos() / 1e9);
      durationThreshold = true;
      return this;
    }

    /** Active when the statistic is strictly below {@code threshold}. */
    public Builder below(double threshold) {
      return compare(ThresholdRule.Comparison.BELOW, threshold);
    }

    /** Active when the comparison holds. */
    public Builder compare(ThresholdRule.Comparison comparison, double threshold) {
      if (Double.isNaN(threshold)) {
        throw new IllegalArgumentException("threshold of rule " + name + " is NaN");
      }
      this.comparison = Objects.requireNonNull(comparison, "comparison");
      this.threshold = threshold;
      this.durationThreshold = false;
      return this;
    }

    public Builder severity(Severity severity) {
      this.severity = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /** How long the condition must hold before firing. */
    public Builder forDuration(Duration d) {
      this.forDuration = nonNegative("for", d);
      return this;
    }

    /** How long firing outlasts the condition. */
    public Builder keepFiringFor(Duration d) {
      this.keepFiringFor = nonNegative("keep_firing_for", d);
      return this;
    }

    public Builder labels(Labels labels) {
      this.labels = Objects.requireNonNull(labels, "labels");
      return this;
    }

    /** The message template; see {@link io.perfkit.api.alert.AlertRule#messageTemplate()}. */
    public Builder message(String template) {
      this.message = Objects.requireNonNull(template, "template");
      return this;
    }

    /**
     * The unit the messages print the value and the threshold in; by default the one the metric's
     * name implies ({@code .bytes}, {@code .seconds}, {@code .fraction}), seconds for a threshold
     * given as a {@link Duration}, per second for a rate, else a plain number.
     */
    public Builder unit(Unit unit) {
      this.unit = Objects.requireNonNull(unit, "unit");
      return this;
    }

    /**
     * What the rule compares, in words, for the messages that the rule words itself
     * ({@code request rate 27 requests/s, back below 40 requests/s}); by default
     * {@code p99 of METRIC}, {@code rate of METRIC} or the metric.
     */
    public Builder quantity(String words) {
      this.quantity = Objects.requireNonNull(words, "quantity");
      return this;
    }

    /**
     * The message while the metric has no value, a template like {@link #message}; by default
     * {@code NAME: no value of QUANTITY yet}.
     */
    public Builder noDataMessage(String template) {
      this.noDataMessage = Objects.requireNonNull(template, "template");
      return this;
    }

    /**
     * @throws IllegalStateException when no comparison was given
     */
    public ThresholdRule build() {
      if (comparison == null) {
        throw new IllegalStateException("rule " + name + " has no comparison; call above(…) or below(…)");
      }
      String what = quantity != null ? quantity : describe();
      String msg = message != null ? message
          : "{{name}}: " + what + " is {{value.human}}, " + comparison.words + " {{threshold.human}}";
      String noData = noDataMessage != null ? noDataMessage : "{{name}}: no value of " + what + " yet";
      return new ThresholdRule(name, severity, metric, source, quantile, comparison, threshold, forDuration,
          keepFiringFor, labels, msg, unit != null ? unit : durationThreshold ? Unit.SECONDS : Unit.implied(metric, source),
          what, noData);
    }

    private String describe() {
      switch (source) {
        case VALUE: return metric;
        case RATE: return "rate of " + metric;
        default: return "p" + Units.number(quantile * 100) + " of " + metric;
      }
    }

    private Duration nonNegative(String what, Duration d) {
      return Arguments.notNegative(what + " of rule " + name, d);
    }
  }

  /**
   * Checks a rule name: a letter, then letters, digits, {@code _}, {@code -} or {@code .}, at
   * most 128 chars.
   */
  static String checkRuleName(String name) {
    Objects.requireNonNull(name, "rule name");
    boolean ok = !name.isEmpty() && name.length() <= 128 && Character.isLetter(name.charAt(0)) && name.charAt(0) < 128;
    for (int i = 1; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    }
    if (!ok) {
      throw new IllegalArgumentException("rule name '" + name + "' is invalid; use a letter followed by [A-Za-z0-9_.-]");
    }
    return name;
  }
}
