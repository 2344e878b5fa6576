package io.perfkit.monitor.internal;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * An immutable distribution: buckets (each a HdrHistogram lowest equivalent value) in ascending
 * order with their counts, plus exact count, sum, min and max. The buckets are stored
 * delta-encoded as variable-length integers, about 3 to 4 bytes a bucket instead of 16, because
 * the sliding window keeps several of these per timer.
 *
 * <p>Percentiles follow HdrHistogram's definition, so they agree with a {@link Histogram} of the
 * same values and precision, except that no percentile exceeds the exact maximum.
 */
public final class Distribution {

  /** The empty distribution. */
  public static final Distribution EMPTY = new Distribution(new byte[0], 0, 0, 0, 0, 0, 0);

  /** Receives buckets in ascending order. */
  @FunctionalInterface
  public interface BucketConsumer {
    void accept(long bucket, long count);
  }

  private final byte[] encoded;
  private final int buckets;
  private final long inBuckets;
  private final long count;
  private final long sum;
  private final long min;
  private final long max;

  private Distribution(byte[] encoded, int buckets, long inBuckets, long count, long sum, long min, long max) {
    this.encoded = encoded;
    this.buckets = buckets;
    this.inBuckets = inBuckets;
    this.count = count;
    this.sum = sum;
    this.min = min;
    this.max = max;
  }

  /** Encodes sorted, distinct buckets with their counts. */
  static Distribution of(long[] sortedBuckets, long[] counts, int n, long count, long sum, long min, long max) {
    byte[] out = new byte[n * 6 + 16];
    int pos = 0;
    long previous = 0;
    long inBuckets = 0;
    for (int i = 0; i < n; i++) {
      if (out.length - pos < 20) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      pos = putVarLong(out, pos, sortedBuckets[i] - previous);
      pos = putVarLong(out, pos, counts[i]);
      previous = sortedBuckets[i];
      inBuckets += counts[i];
    }
    return new Distribution(Arrays.copyOf(out, pos), n, inBuckets, count, sum, min, max);
  }

  /** The union of two distributions. */
  public static Distribution merge(Distribution a, Distribution b) {
    if (a.buckets == 0 && a.count == 0) {
      return b;
    }
    if (b.buckets == 0 && b.count == 0) {
      return a;
    }
    long[] keys = new long[a.buckets + b.buckets];
    long[] counts = new long[keys.length];
    int n = 0;
    Cursor ca = a.cursor();
    Cursor cb = b.cursor();
    boolean hasA = ca.advance();
    boolean hasB = cb.advance();
    while (hasA || hasB) {
      if (!hasB || (hasA && ca.bucket < cb.bucket)) {
        keys[n] = ca.bucket;
        counts[n++] = ca.count;
        hasA = ca.advance();
      } else if (!hasA || cb.bucket < ca.bucket) {
        keys[n] = cb.bucket;
        counts[n++] = cb.count;
        hasB = cb.advance();
      } else {
        keys[n] = ca.bucket;
        counts[n++] = ca.count + cb.count;
        hasA = ca.advance();
        hasB = cb.advance();
      }
    }
    long count = a.count + b.count;
    long min = a.count == 0 ? b.min : b.count == 0 ? a.min : Math.min(a.min, b.min);
    long max = Math.max(a.max, b.max);
    return of(keys, counts, n, count, a.sum + b.sum, min, max);
  }

  /** Reads the buckets in order without allocating per bucket. */
  private final class Cursor {
    private int pos;
    private int remaining = buckets;
    long bucket;
    long count;

    boolean advance() {
      if (remaining == 0) {
        return false;
      }
      remaining--;
      bucket += readVarLong();
      count = readVarLong();
      return true;
    }

    private long readVarLong() {
      long v = 0;
      int shift = 0;
      byte b;
      do {
        b = encoded[pos++];
        v |= (long) (b & 0x7f) << shift;
        shift += 7;
      } while (b < 0);
      return v;
    }
  }

  private Cursor cursor() {
    return new Cursor();
  }

  /** Calls {@code consumer} for every bucket, ascending. */
  public void forEach(BucketConsumer consumer) {
    Cursor c = cursor();
    while (c.advance()) {
      consumer.accept(c.bucket, c.count);
    }
  }

  private static int putVarLong(byte[] out, int pos, long v) {
    while ((v & ~0x7fL) != 0) {
      out[pos++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out[pos++] = (byte) v;
    return pos;
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

  public double mean() {
    return count == 0 ? 0 : (double) sum / count;
  }

  /** Bytes held. */
  public long footprintBytes() {
    return encoded.length + 80L;
  }

  /**
   * The value at {@code percentile} (0..100), by HdrHistogram's definition
   * ({@code AbstractHistogram.getValueAtPercentile}): the highest value equivalent, at the
   * histogram's precision, to the smallest recorded value at or below which at least
   * {@code percentile} % of all recorded values fall; for percentile 0, the lowest value
   * equivalent to the smallest. The result is then kept within the exact minimum and maximum,
   * which only moves it closer to the true value. 0 when empty.
   */
  public long valueAtPercentile(double percentile, Histogram precision) {
    if (count == 0 || buckets == 0) {
      return 0;
    }
    // HdrHistogram's rank: one ulp below the request so that 99.9 % of 1,000 is rank 999, not
    // 1,000 by round-off, then rounded up so the value at the rank is included
    double p = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0), 100);
    long rank = Math.max(1, (long) Math.ceil((p * inBuckets) / 100.0));
    Cursor c = cursor();
    long cumulative = 0;
    while (c.advance()) {
      cumulative += c.count;
      if (cumulative >= rank) {
        long v = percentile == 0 ? precision.lowestEquivalentValue(c.bucket) : precision.highestEquivalentValue(c.bucket);
        return Math.max(Math.min(v, max), min);
      }
    }
    return max;
  }

}
