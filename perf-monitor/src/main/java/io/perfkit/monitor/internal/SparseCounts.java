package io.perfkit.monitor.internal;

import java.util.Arrays;

/**
 * Counts per histogram bucket, kept sparse: an open-addressing table from a bucket's lowest
 * equivalent value to its count, plus the exact count, sum, minimum and maximum of the raw
 * values. Sized by the number of distinct buckets in use, not by the histogram's range, so a
 * thread that records a few hundred distinct latencies holds a few kilobytes, not the 100+ KB of
 * a dense 3-digit histogram. Not thread-safe.
 */
public final class SparseCounts {

  private static final int MIN_CAPACITY = 64;

  private final int maxCapacity;
  private long[] keys;      // bucket value + 1; 0 marks an empty slot
  private long[] counts;
  private int size;
  private long count;
  private long sum;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;
  private long dropped;

  /** A table that grows without bound (reader-side accumulators). */
  public SparseCounts() {
    this(Integer.MAX_VALUE);
  }

  /**
   * A table that grows to at most {@code maxCapacity} slots; past that, a value in a new bucket
   * keeps its place in count, sum, min and max but not in the percentiles, and is counted by
   * {@link #dropped()}.
   */
  public SparseCounts(int maxCapacity) {
    this.maxCapacity = maxCapacity;
    this.keys = new long[MIN_CAPACITY];
    this.counts = new long[MIN_CAPACITY];
  }

  /** Records one raw value that falls in the bucket {@code bucket}. */
  public void record(long bucket, long value) {
    count++;
    sum += value;
    if (value < min) {
      min = value;
    }
    if (value > max) {
      max = value;
    }
    if (!addToBucket(bucket, 1)) {
      dropped++;
    }
  }

  /** Adds {@code n} to a bucket without touching the exact statistics (used when merging). */
  private boolean addToBucket(long bucket, long n) {
    long key = bucket + 1;
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (true) {
      long k = keys[i];
      if (k == key) {
        counts[i] += n;
        return true;
      }
      if (k == 0) {
        if ((size + 1) * 4 > keys.length * 3) {
          if (keys.length >= maxCapacity) {
            return false;
          }
          grow();
          return addToBucket(bucket, n);
        }
        keys[i] = key;
        counts[i] = n;
        size++;
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds every bucket and the exact statistics of {@code other} to this one. */
  public void addAll(SparseCounts other) {
    long[] ok = other.keys;
    long[] oc = other.counts;
    for (int i = 0; i < ok.length; i++) {
      if (ok[i] != 0) {
        addToBucket(ok[i] - 1, oc[i]);
      }
    }
    count += other.count;
    sum += other.sum;
    dropped += other.dropped;
    if (other.count > 0) {
      min = Math.min(min, other.min);
      max = Math.max(max, other.max);
    }
  }

  /** Adds one frozen distribution to this one. */
  public void addAll(Distribution d) {
    d.forEach(this::addToBucket);
    count += d.count();
    sum += d.sum();
    dropped += d.dropped();
    if (d.count() > 0) {
      min = Math.min(min, d.min());
      max = Math.max(max, d.max());
    }
  }

  /**
   * Adds {@code n} synthetic values in {@code bucket}, for coordinated-omission correction:
   * they count toward the total and the percentiles, and {@code value} toward the sum.
   */
  public void addSynthetic(long bucket, long value, long n) {
    addToBucket(bucket, n);
    count += n;
    sum += value * n;
    min = Math.min(min, value);
  }

  /** An immutable copy with the buckets sorted by value. */
  public Distribution freeze() {
    long[] b = new long[size];
    int j = 0;
    for (long k : keys) {
      if (k != 0) {
        b[j++] = k - 1;
      }
    }
    Arrays.sort(b);
    long[] c = new long[size];
    for (int i = 0; i < b.length; i++) {
      c[i] = get(b[i]);
    }
    return Distribution.of(b, c, size, count, sum, count == 0 ? 0 : min, count == 0 ? 0 : max, dropped);
  }

  private long get(long bucket) {
    long key = bucket + 1;
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return counts[i];
      }
      if (keys[i] == 0) {
        return 0;
      }
    }
  }

  /** Empties the table, keeping its capacity, so a steady state allocates nothing. */
  public void clear() {
    if (size > 0) {
      Arrays.fill(keys, 0);
    }
    size = 0;
    count = 0;
    sum = 0;
    min = Long.MAX_VALUE;
    max = Long.MIN_VALUE;
    dropped = 0;
  }

  public long count() {
    return count;
  }

  public long dropped() {
    return dropped;
  }

  /** Distinct buckets in use. */
  public int size() {
    return size;
  }

  /** Bytes held by the table's arrays. */
  public long footprintBytes() {
    return 16L * keys.length + 64;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    int capacity = Math.min(oldKeys.length * 2, Integer.highestOneBit(Math.max(maxCapacity, MIN_CAPACITY)));
    keys = new long[Math.max(capacity, oldKeys.length * 2)];
    counts = new long[keys.length];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        addToBucket(oldKeys[i] - 1, oldCounts[i]);
      }
    }
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
