/**
 * The metrics registry and its clock: {@link io.perfkit.monitor.Monitor} keeps {@link
 * io.perfkit.monitor.Meter}s (counters, gauges, timers, distributions), snapshots them every
 * tick, keeps their history and fans updates out to subscribers; {@link
 * io.perfkit.monitor.JvmMetrics} registers the JVM's own.
 */
package io.perfkit.monitor;
