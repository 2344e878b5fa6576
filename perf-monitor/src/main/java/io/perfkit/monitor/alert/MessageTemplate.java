package io.perfkit.monitor.alert;

import io.perfkit.api.alert.AlertRule;
import java.util.Locale;

/**
 * Renders a rule's message template: {@code {{name}}}, {@code {{metric}}}, {@code {{value}}},
 * {@code {{severity}}} and {@code {{labels.KEY}}}. An unknown placeholder is left as written.
 */
final class MessageTemplate {

  private MessageTemplate() {}

  static String render(AlertRule rule, String metric, double value) {
    String t = rule.messageTemplate();
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
        replacement = format(value);
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

  static String format(double v) {
    if (Double.isNaN(v)) {
      return "no data";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
