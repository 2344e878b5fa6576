/**
 * Deciding when to capture: {@link io.perfkit.profiler.trigger.ProfileTrigger} (sampling, then a
 * rate limit) and the components that use one: {@link
 * io.perfkit.profiler.trigger.ConditionalProfiler} for a condition, {@link
 * io.perfkit.profiler.trigger.RequestProfiler} for the slow request itself, and {@link
 * io.perfkit.profiler.trigger.Watchdog} for the JVM's own state.
 */
package io.perfkit.profiler.trigger;
