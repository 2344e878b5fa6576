/**
 * Alerts: {@link io.perfkit.monitor.alert.AlertManager} evaluates {@link
 * io.perfkit.api.alert.AlertRule}s on every snapshot, with pending and resolve periods; rules
 * come from code, a rules file or {@link java.util.ServiceLoader}.
 */
package io.perfkit.monitor.alert;
