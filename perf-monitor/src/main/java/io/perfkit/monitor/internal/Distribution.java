package io.perfkit.monitor.internal;

import org.HdrHistogram.Histogram;

/**
 * An immutable distribution: bucket values (each a HdrHistogram lowest equivalent value) sorted
 * ascending with their counts, plus exact count, sum, min and max. Percentiles follow
 * HdrHistogram's definition, so they agree with a {@link Histogram} of the same values and
 * precision, except that no percentile exceeds the exact maximum.
 */
public final class Distribution {

  /** The empty distribution. */
  public static final Distribution EMPTY = new Distribution(new long[0], new long[0], 0, 0, 0, 0, 0);

  private final long[] buckets;
  private final long[] counts;
  private final long count;
  private final long sum;
  private final long min;
  private final long max;
  private final long dropped;

  Distribution(long[] buckets, long[] counts, long count, long sum, long min, long max, long dropped) {
    this.buckets = buckets;
    this.counts = counts;
    this.count = count;
    this.sum = sum;
    this.min = min;
    this.max = max;
    this.dropped = dropped;
  }

  long[] buckets() {
    return buckets;
  }

  long[] counts() {
    return counts;
  }

  /** The value of the {@code i}-th bucket (its lowest equivalent value), ascending. */
  public long bucketAt(int i) {
    return buckets[i];
  }

  /** The count of the {@code i}-th bucket. */
  public long countAt(int i) {
    return counts[i];
  }

  public long count() {
    return count;
  }

  public long sum() {
    return sum;
  }

  /** Smallest recorded value; 0 when empty. */
  public long min() {
    return min;
  }

  /** Largest recorded value; 0 when empty. */
  public long max() {
    return max;
  }

  /** Values that kept their place in count and sum but not in the percentiles. */
  public long dropped() {
    return dropped;
  }

  public double mean() {
    return count == 0 ? 0 : (double) sum / count;
  }

  /** Distinct buckets held. */
  public int bucketCount() {
    return buckets.length;
  }

  /**
   * The value at {@code percentile} (0..100), as HdrHistogram computes it: the highest value
   * equivalent to the bucket in which the cumulative count reaches the requested rank, capped at
   * the exact maximum. 0 when empty.
   */
  public long valueAtPercentile(double percentile, Histogram precision) {
    if (count == 0 || buckets.length == 0) {
      return 0;
    }
    double p = Math.min(Math.max(percentile, 0), 100);
    long inBuckets = 0;
    for (long c : counts) {
      inBuckets += c;
    }
    long rank = Math.max(1, (long) ((p / 100.0) * inBuckets + 0.5));
    long cumulative = 0;
    for (int i = 0; i < buckets.length; i++) {
      cumulative += counts[i];
      if (cumulative >= rank) {
        long v = p == 0 ? precision.lowestEquivalentValue(buckets[i]) : precision.highestEquivalentValue(buckets[i]);
        return Math.max(Math.min(v, max), min);
      }
    }
    return max;
  }

  /** This distribution as a HdrHistogram with the given precision's settings. */
  public Histogram toHistogram(Histogram precision) {
    Histogram h = new Histogram(precision.getLowestDiscernibleValue(), precision.getHighestTrackableValue(),
        precision.getNumberOfSignificantValueDigits());
    for (int i = 0; i < buckets.length; i++) {
      h.recordValueWithCount(buckets[i], counts[i]);
    }
    return h;
  }
}
