package io.perfkit.monitor;

import java.time.Instant;
import java.util.Map;

/**
 * What a subscriber receives: one metric's fields at one tick, in base units, as in
 * {@link HistoryPoint}.
 *
 * @param time when the tick closed
 * @param metric the metric's {@link MetricId#key()}
 * @param kind its kind
 * @param fields its fields
 */
public record MetricUpdate(Instant time, String metric, MetricKind kind, Map<String, Double> fields) {}
