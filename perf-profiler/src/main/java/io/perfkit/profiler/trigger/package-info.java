/**
 * Deciding when to capture: {@link io.perfkit.profiler.trigger.ProfileTrigger} (sampling, then a
 * rate limit) and the components that use one: {@link
 * io.perfkit.profiler.trigger.ConditionalProfiler} for a condition of the application's at a call
 * site, {@link io.perfkit.profiler.trigger.Watchdog} for such conditions on a schedule, one
 * trigger per check holding its cooldown, and {@link io.perfkit.profiler.trigger.RequestProfiler}
 * for the slow request itself. The JVM's own state is judged by the monitor's health rules;
 * {@link io.perfkit.profiler.trigger.AlertCaptures} turns a firing rule into a capture.
 */
package io.perfkit.profiler.trigger;
