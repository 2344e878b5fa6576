/**
 * The monitor's endpoints: {@code /metrics} as JSON, {@code /prometheus} in the text exposition
 * format, history and a live stream.
 */
package io.perfkit.monitor.http;
