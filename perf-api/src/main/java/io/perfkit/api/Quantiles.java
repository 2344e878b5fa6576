package io.perfkit.api;

/**
 * The one definition of a quantile that Perfkit reports, applied to exact values: the
 * {@code q}-quantile of {@code n} values is the smallest value at or below which at least
 * {@code q·n} of them fall (the nearest rank, {@code ⌈q·n⌉}). The monitor's histograms use the
 * same definition at their precision (HdrHistogram's {@code getValueAtPercentile}); this is the
 * form for a short list of exact durations, such as a report's GC pauses or a trace's tasks, so
 * a p99 means the same thing in every report.
 */
public final class Quantiles {

  private Quantiles() {}

  /**
   * The {@code q}-quantile of values sorted in ascending order; 0 when there are none.
   *
   * @throws IllegalArgumentException when {@code q} is not in (0, 1]
   */
  public static long nearestRank(long[] sorted, double q) {
    Arguments.quantile("quantile", q);
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[rankIndex(sorted.length, q)];
  }

  /** The index, 0-based, of the {@code q}-quantile among {@code n} sorted values ({@code n ≥ 1}). */
  static int rankIndex(int n, double q) {
    int rank = (int) Math.ceil(q * n);
    return Math.max(0, Math.min(n - 1, rank - 1));
  }
}
