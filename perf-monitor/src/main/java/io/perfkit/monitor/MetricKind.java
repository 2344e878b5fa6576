package io.perfkit.monitor;

/** The kinds of metric the monitor keeps. */
public enum MetricKind {
  /** A monotonically increasing count; exposed with a rate per second. */
  COUNTER,
  /** A value read or set at any time. */
  GAUGE,
  /** A latency distribution in nanoseconds, exposed in seconds. */
  TIMER,
  /** A distribution of unitless values (sizes, counts). */
  DISTRIBUTION
}
