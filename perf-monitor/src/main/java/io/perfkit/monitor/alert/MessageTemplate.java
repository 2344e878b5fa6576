package io.perfkit.monitor.alert;

import io.perfkit.api.Units;
import io.perfkit.api.alert.AlertRule;

/**
 * Renders a rule's message template: {@code {{name}}}, {@code {{metric}}}, {@code {{value}}} and
 * {@code {{threshold}}} (plain numbers in the metric's base unit, three significant digits),
 * {@code {{value.human}}} and {@code {{threshold.human}}} (in the rule's {@link Unit}:
 * {@code 2.31 s}, {@code 388 MiB}, {@code 0.3 %}), {@code {{severity}}} and
 * {@code {{labels.KEY}}}. An unknown placeholder, or a threshold of a rule that has none, is
 * left as written.
 */
final class MessageTemplate {

  private MessageTemplate() {}

  /** The rule's template, for a rule with no threshold and no unit. */
  static String render(AlertRule rule, String metric, double value) {
    return render(rule.messageTemplate(), rule, metric, value, Unit.NONE, Double.NaN);
  }

  /**
   * Renders {@code t}.
   *
   * @param threshold NaN when the rule has none
   */
  static String render(String t, AlertRule rule, String metric, double value, Unit unit, double threshold) {
    StringBuilder out = new StringBuilder(t.length() + 32);
    int i = 0;
    while (i < t.length()) {
      int open = t.indexOf("{{", i);
      if (open < 0) {
        out.append(t, i, t.length());
        break;
      }
      int close = t.indexOf("}}", open + 2);
      if (close < 0) {
        out.append(t, i, t.length());
        break;
      }
      out.append(t, i, open);
      String key = t.substring(open + 2, close).trim();
      String replacement;
      if (key.equals("name")) {
        replacement = rule.name();
      } else if (key.equals("metric")) {
        replacement = metric;
      } else if (key.equals("value")) {
        replacement = Units.number(value);
      } else if (key.equals("value.human")) {
        replacement = unit.format(value);
      } else if (key.equals("threshold") && !Double.isNaN(threshold)) {
        replacement = Units.number(threshold);
      } else if (key.equals("threshold.human") && !Double.isNaN(threshold)) {
        replacement = unit.format(threshold);
      } else if (key.equals("severity")) {
        replacement = rule.severity().wireName();
      } else if (key.startsWith("labels.")) {
        replacement = rule.labels().get(key.substring(7)).orElse("");
      } else {
        replacement = t.substring(open, close + 2);
      }
      out.append(replacement);
      i = close + 2;
    }
    return out.toString();
  }
}
