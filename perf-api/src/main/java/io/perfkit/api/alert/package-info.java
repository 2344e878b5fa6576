/**
 * The alert-rule SPI: an {@link io.perfkit.api.alert.AlertRule} is evaluated on each monitor tick
 * against a read-only {@link io.perfkit.api.alert.MetricsView}.
 */
package io.perfkit.api.alert;
