package io.perfkit.monitor;

/**
 * One bucket of a timer's or distribution's histogram, as Prometheus exposes it: the values at
 * or below {@code bound} since start. Immutable.
 *
 * @param bound the upper bound, in base units (seconds for timers)
 * @param count values at or below it since start, cumulative
 */
public record BucketCount(double bound, long count) {}
