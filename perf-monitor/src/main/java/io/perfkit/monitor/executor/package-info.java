/**
 * Thread pools measured as Micrometer's {@code ExecutorServiceMetrics} measures them, with exact
 * percentiles: {@link io.perfkit.monitor.executor.ExecutorMetrics} wraps an executor so that every
 * task's time in the queue and time running go into two HdrHistogram timers of the monitor.
 */
package io.perfkit.monitor.executor;
