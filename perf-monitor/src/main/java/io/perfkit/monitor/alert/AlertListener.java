package io.perfkit.monitor.alert;

/**
 * Receives firing and resolved events, on the alert manager's bounded executor (never on the
 * tick thread, never a new thread per event). An exception is logged and does not stop other
 * listeners. This is where an application hooks in profiling: an alert that starts a profile.
 */
@FunctionalInterface
public interface AlertListener {
  void onEvent(AlertEvent event);
}
