package io.perfkit.monitor.alert;

/** Where a rule stands, as in Prometheus: inactive → pending → firing → (resolved) → inactive. */
public enum AlertState {
  /** The condition does not hold (or has stopped holding and the alert has resolved). */
  INACTIVE,
  /** The condition holds, but not yet for the rule's {@code for} duration. */
  PENDING,
  /** The condition has held for {@code for}, or stopped less than {@code keep_firing_for} ago. */
  FIRING
}
