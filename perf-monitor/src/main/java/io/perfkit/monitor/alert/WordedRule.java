package io.perfkit.monitor.alert;

import io.perfkit.api.alert.AlertRule;

/**
 * A rule that words its own messages from what it compares, so that each says what is true of
 * the value at hand: the firing wording only while the condition holds, the side the value is on
 * otherwise, and words of its own when there is no value. {@link AlertManager} asks these rules
 * for their messages instead of rendering {@link #messageTemplate()} itself; {@link ThresholdRule}
 * and the JVM health rules are such rules.
 */
public interface WordedRule extends AlertRule {

  /**
   * The message for one tick: the rendered {@link #messageTemplate()} while the condition holds,
   * the value and the side of the threshold it is on otherwise, and the rule's own words (never a
   * number's place filled with "no data") when {@code value} is NaN.
   */
  String message(String metric, double value);

  /** The message of the resolved event: the value, and the side of the threshold it is back on. */
  String resolvedMessage(String metric, double value);
}
