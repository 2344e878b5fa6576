package io.perfkit.api.alert;

import io.perfkit.api.Labels;
import io.perfkit.api.spi.SpiLoader;
import java.time.Duration;

/**
 * A condition over metrics that, held long enough, fires an alert. Semantics follow Prometheus
 * alerting rules: a rule whose condition holds becomes <em>pending</em>; after it has held for
 * {@link #forDuration()} it is <em>firing</em>; once the condition stops holding it keeps firing
 * for {@link #keepFiringFor()} more and is then <em>resolved</em>.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Caller and thread.</b> The monitor's alert manager calls {@link #evaluate} once per
 *       tick, always from its single tick thread; it must return quickly and do no I/O.</li>
 *   <li><b>State.</b> A rule holds no evaluation state of its own: pending, firing and resolved
 *       are the manager's. The accessors return the same values on every call.</li>
 *   <li><b>Errors.</b> An exception from {@code evaluate} is logged and counted by the manager
 *       and treated as "no data"; it never stops other rules.</li>
 *   <li><b>Discovery.</b> Rules can be given in code, listed in a rules file, or found by
 *       {@link java.util.ServiceLoader} ({@code provides io.perfkit.api.alert.AlertRule with …}
 *       and a {@code META-INF/services} file; a public no-argument constructor). Names are
 *       unique.</li>
 * </ul>
 */
public interface AlertRule {

  /** The unique name, e.g. {@code HighLatency}. */
  String name();

  /** How urgent a firing alert is. */
  Severity severity();

  /** How long the condition must hold before the alert fires; zero fires at once. */
  default Duration forDuration() {
    return Duration.ZERO;
  }

  /** How long the alert keeps firing after the condition stops holding; zero resolves at once. */
  default Duration keepFiringFor() {
    return Duration.ZERO;
  }

  /** Labels attached to the alert. */
  default Labels labels() {
    return Labels.empty();
  }

  /**
   * The message shown when the alert fires. Placeholders: {@code {{name}}}, {@code {{metric}}},
   * {@code {{value}}}, {@code {{severity}}} and {@code {{labels.KEY}}}.
   */
  default String messageTemplate() {
    return "{{name}}: {{metric}} is {{value}}";
  }

  /** Evaluates the condition against one tick's metrics. */
  AlertEvaluation evaluate(MetricsView metrics);

  /**
   * Every rule {@link java.util.ServiceLoader} finds, by {@link #name()}.
   *
   * @throws IllegalStateException when two rules claim one name
   */
  static SpiLoader<AlertRule> installed() {
    return SpiLoader.load(AlertRule.class, AlertRule::name);
  }
}
