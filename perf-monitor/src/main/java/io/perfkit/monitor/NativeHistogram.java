package io.perfkit.monitor;

import java.util.Arrays;

/**
 * A timer's or distribution's values since start in exponential buckets, as Prometheus native
 * histograms keep them: bucket {@code i} holds the values in {@code (base^(i-1), base^i]}, base
 * {@code 2^(2^-schema)}, in base units (seconds for a timer); values of 0 are the zero bucket.
 * Buckets of different instances with the same schema line up exactly, so they add: a fleet's
 * histogram is the sum of its instances', and a quantile of it is as good as one instance's.
 *
 * <p>The schema is {@value #SCHEMA}: buckets 2.2 % wide, so a quantile read from them is within
 * 2.2 % of the exact value however the values are spread (about 1 % on average, less with
 * interpolation inside the bucket). Only buckets with values are kept. Each value is placed by
 * the middle of its HdrHistogram bucket, so a value within HdrHistogram's precision (0.1 % at 3
 * digits) of a bound may land on the bound's other side. Immutable.
 */
public final class NativeHistogram {

  /** The schema of every Perfkit histogram: 2^5 = 32 buckets per doubling. */
  public static final int SCHEMA = 5;

  /** No values. */
  public static final NativeHistogram EMPTY = new NativeHistogram(0, new long[0], 0);

  private final long zeroCount;
  private final long[] dense;    // counts by index - low; never written once this holds it
  private final int low;
  private volatile Sparse sparse;  // the buckets with values, made on first read

  /** The buckets with values: indexes ascending, counts per bucket (not cumulative), all positive. */
  private record Sparse(int[] indexes, long[] counts) {}

  private NativeHistogram(long zeroCount, long[] dense, int low) {
    this.zeroCount = zeroCount;
    this.dense = dense;
    this.low = low;
  }

  private Sparse sparse() {
    Sparse s = sparse;
    if (s == null) {
      int n = 0;
      for (long c : dense) {
        n += c > 0 ? 1 : 0;
      }
      int[] indexes = new int[n];
      long[] counts = new long[n];
      int j = 0;
      for (int k = 0; k < dense.length; k++) {
        if (dense[k] > 0) {
          indexes[j] = low + k;
          counts[j++] = dense[k];
        }
      }
      s = new Sparse(indexes, counts);
      sparse = s;
    }
    return s;
  }

  public int schema() {
    return SCHEMA;
  }

  /** Values of 0 (or below the lowest bucket): the zero bucket. */
  public long zeroCount() {
    return zeroCount;
  }

  /** Buckets with values. */
  public int size() {
    return sparse().indexes.length;
  }

  /** The index of the {@code i}-th bucket with values, ascending. */
  public int index(int i) {
    return sparse().indexes[i];
  }

  /** The values in the {@code i}-th bucket with values. */
  public long count(int i) {
    return sparse().counts[i];
  }

  /** All values: the zero bucket and every other. */
  public long totalCount() {
    long n = zeroCount;
    for (long c : dense) {
      n += c;
    }
    return n;
  }

  /** The upper bound (inclusive) of bucket {@code index}: {@code 2^(index / 2^schema)}. */
  public static double upperBound(int index) {
    return Math.pow(2, (double) index / (1 << SCHEMA));
  }

  /** The index of the bucket holding a positive value {@code v}. */
  public static int indexOf(double v) {
    int e = Math.getExponent(v);
    double m = Math.scalb(v, -e);  // in [1, 2)
    if (m == 1.0) {
      return e << SCHEMA;  // exactly a power of two: the upper bound of bucket e * 2^schema
    }
    int k = Arrays.binarySearch(Bounds.MANTISSA, m);
    return (e << SCHEMA) + (k >= 0 ? k : -k - 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NativeHistogram h && zeroCount == h.zeroCount && Arrays.equals(sparse().indexes, h.sparse().indexes)
        && Arrays.equals(sparse().counts, h.sparse().counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(zeroCount) + Arrays.hashCode(sparse().indexes)) + Arrays.hashCode(sparse().counts);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("NativeHistogram{schema=").append(SCHEMA).append(", zero=").append(zeroCount);
    for (int i = 0; i < size(); i++) {
      sb.append(", ").append(index(i)).append(':').append(count(i));
    }
    return sb.append('}').toString();
  }

  /** The upper bounds of the buckets of one doubling, as mantissas in (1, 2]. */
  private static final class Bounds {
    static final double[] MANTISSA = new double[(1 << SCHEMA) + 1];

    static {
      for (int k = 0; k <= 1 << SCHEMA; k++) {
        MANTISSA[k] = Math.pow(2, (double) k / (1 << SCHEMA));
      }
      MANTISSA[1 << SCHEMA] = 2.0;
    }
  }

  /**
   * The accumulator a meter keeps on its reader side: counts by bucket index since start, in a
   * dense array over the indexes in use. A snapshot shares the array, and the next value copies
   * it first (copy on write), so a tick pays one array copy per meter that changed, and the
   * buckets with values are listed only when a scrape reads them. Not thread-safe; the meter's
   * tick holds its lock.
   */
  static final class Accumulator {
    private long zero;
    private long[] dense = new long[0];
    private int low;        // index of dense[0]
    private boolean shared; // dense is held by the last snapshot
    private NativeHistogram snapshot = EMPTY;
    private boolean changed;

    /** Adds {@code n} values of {@code v} (base units). */
    void add(double v, long n) {
      changed = true;
      if (!(v > 0)) {
        zero += n;
        return;
      }
      int i = indexOf(v);
      if (dense.length == 0) {
        dense = new long[64];
        low = i - 32;
        shared = false;
      } else if (i < low || i >= low + dense.length) {
        // grow to twice the span, with room on the side that overflowed
        int newLength = Math.max(dense.length * 2, Math.max(low + dense.length, i + 1) - Math.min(low, i));
        int newLow = i < low ? Math.max(i - newLength / 4, low + dense.length - newLength) : low;
        long[] grown = new long[newLength];
        System.arraycopy(dense, 0, grown, low - newLow, dense.length);
        dense = grown;
        low = newLow;
        shared = false;
      } else if (shared) {
        dense = dense.clone();
        shared = false;
      }
      dense[i - low] += n;
    }

    /** The buckets as of now; the same object until something is added. */
    NativeHistogram snapshot() {
      if (changed) {
        snapshot = new NativeHistogram(zero, dense, low);
        shared = true;
        changed = false;
      }
      return snapshot;
    }

    long footprintBytes() {
      return 16L + 8L * dense.length;
    }
  }
}
