package io.perfkit.profiler.analysis;

/**
 * One method's share of a profile.
 *
 * @param method {@code package.Class.method}
 * @param self weight of the events whose top frame is this method (samples, bytes or nanoseconds)
 * @param total weight of the events with this method anywhere on the stack
 * @param selfPercent self as a percentage of the profile's total weight
 * @param totalPercent total as a percentage of the profile's total weight
 */
public record MethodStat(String method, long self, long total, double selfPercent, double totalPercent) {}
