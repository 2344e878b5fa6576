package io.perfkit.monitor.alert;

import io.perfkit.api.Labels;
import io.perfkit.api.alert.Severity;
import java.time.Duration;
import java.time.Instant;

/**
 * A rule's state after the last evaluation, for {@code /alerts} and {@code /health}.
 *
 * @param rule the rule's name
 * @param severity its severity
 * @param state inactive, pending or firing
 * @param labels its labels
 * @param forDuration how long the condition must hold
 * @param keepFiringFor how long firing outlasts the condition
 * @param activeSince when the condition started holding (pending or firing), else null
 * @param lastFired when it last started firing, else null
 * @param lastResolved when it last resolved, else null
 * @param metric the metric of the last evaluation
 * @param value the value of the last evaluation
 * @param message the rendered message of the last evaluation
 * @param evaluationErrors evaluations that threw
 */
public record AlertStatus(String rule, Severity severity, AlertState state, Labels labels, Duration forDuration,
    Duration keepFiringFor, Instant activeSince, Instant lastFired, Instant lastResolved, String metric, double value,
    String message, long evaluationErrors) {}
