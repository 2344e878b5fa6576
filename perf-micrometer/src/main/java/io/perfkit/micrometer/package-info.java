/**
 * The Micrometer bridge: {@link io.perfkit.micrometer.PerfkitMeterRegistry}, a Micrometer
 * registry whose meters record into Perfkit's monitor.
 */
package io.perfkit.micrometer;
