package io.perfkit.profiler.trigger;

/**
 * How slow a request was against the {@link RequestProfiler}'s two thresholds. Its {@link #label()}
 * is what the request's JFR event ({@code perfkit.Request}, field {@code slow}) and a slow
 * request's profile ({@code trigger} label) carry, so a query reads {@code
 * trigger:} + {@code VERY_SLOW.label()}.
 */
public enum Slowness {
  /** At most the slow threshold. */
  NONE("none"),
  /** Above the slow threshold: may be profiled (sampled, rate limited). */
  SLOW("slow"),
  /** Above the very slow threshold: profiled (rate limited). */
  VERY_SLOW("very-slow");

  private final String label;

  Slowness(String label) {
    this.label = label;
  }

  /** {@code none}, {@code slow} or {@code very-slow}. */
  public String label() {
    return label;
  }

  /** The slowness of a request that took {@code nanos}, against thresholds in nanoseconds. */
  static Slowness of(long nanos, long slowNanos, long verySlowNanos) {
    return nanos > verySlowNanos ? VERY_SLOW : nanos > slowNanos ? SLOW : NONE;
  }
}
