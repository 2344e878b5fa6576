package io.perfkit.monitor;

import java.time.Instant;
import java.util.Map;

/**
 * One point of a metric's history: the tick's time and the metric's fields in base units
 * ({@code value} and {@code rate} for counters; {@code value} for gauges; {@code count},
 * {@code rate}, {@code min}, {@code mean}, {@code p50}, {@code p90}, {@code p99}, {@code p999},
 * {@code max} for timers and distributions).
 *
 * @param time when the tick closed
 * @param fields field name to value, in a stable order
 */
public record HistoryPoint(Instant time, Map<String, Double> fields) {}
