package io.perfkit.profiler.trace;

import java.time.Duration;

/**
 * Durations of the tasks of one name in a recording.
 *
 * @param name the task name
 * @param count how many
 * @param total their summed duration
 * @param p50 median duration
 * @param p99 99th-percentile duration (nearest rank)
 * @param max longest
 */
public record TaskSummary(String name, long count, Duration total, Duration p50, Duration p99, Duration max) {}
