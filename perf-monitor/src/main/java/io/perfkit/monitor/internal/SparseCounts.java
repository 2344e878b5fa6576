package io.perfkit.monitor.internal;

import java.util.Arrays;

/**
 * Counts per histogram bucket, plus the exact count, sum, minimum and maximum of the raw values.
 * Not thread-safe.
 *
 * <p>Kept sparse while it can be: an open-addressing table from a bucket's lowest equivalent
 * value to its count, sized by the number of distinct buckets in use, not by the histogram's
 * range, so a thread that records a few hundred distinct latencies holds a few kilobytes, not
 * the 100+ KB of a dense 3-digit histogram.
 *
 * <p>A table made with a {@link BucketLayout} and a capacity cap <em>spills</em> when a new
 * bucket would take it past the cap: its counts move into a dense array of every bucket in the
 * range, and it goes on recording there. No value is ever left out of the percentiles; a wide
 * distribution only costs the dense array (8 bytes a bucket of the range: 267 KB for the timer
 * default of 1 ns to 1 h at 3 digits), which at the cap is no larger than the sparse table
 * would be. {@link #clear()} keeps the dense array while the buffer stays wide, so a steady hot
 * thread allocates nothing, and returns to the sparse table after a span that used fewer than a
 * quarter of the cap's buckets.
 */
public final class SparseCounts {

  private static final int MIN_CAPACITY = 64;

  private final int maxCapacity;
  private final BucketLayout layout;  // null: the sparse table grows without bound
  private long[] keys;      // bucket value + 1; 0 marks an empty slot
  private long[] counts;
  private int size;
  private long[] dense;     // non-null once spilled: counts by layout index
  private int denseLow;     // lowest and highest index in use in dense
  private int denseHigh;
  private long count;
  private long sum;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;
  private long spills;

  /** A table that grows without bound (reader-side accumulators). */
  public SparseCounts() {
    this.maxCapacity = Integer.MAX_VALUE;
    this.layout = null;
    this.keys = new long[MIN_CAPACITY];
    this.counts = new long[MIN_CAPACITY];
  }

  /**
   * A table that stays sparse up to {@code maxCapacity} slots (a power of two) and spills into a
   * dense array of {@code layout}'s buckets past that.
   */
  public SparseCounts(int maxCapacity, BucketLayout layout) {
    if (Integer.bitCount(maxCapacity) != 1 || maxCapacity < MIN_CAPACITY) {
      throw new IllegalArgumentException("maxCapacity " + maxCapacity + " must be a power of two of at least "
          + MIN_CAPACITY);
    }
    this.maxCapacity = maxCapacity;
    this.layout = java.util.Objects.requireNonNull(layout, "layout");
    this.keys = new long[MIN_CAPACITY];
    this.counts = new long[MIN_CAPACITY];
  }

  /**
   * Records one raw value into a table made with a {@link BucketLayout}: a sparse table keys it
   * by its bucket's lowest value, a spilled one by the bucket's dense index.
   */
  public void recordValue(long value) {
    addValue(value);
    if (dense != null) {
      addDense(layout.index(value), 1);
    } else if (!addToBucket(layout.lowestEquivalent(value), 1)) {
      spill();
      addDense(layout.index(value), 1);
    }
  }

  /** The exact statistics of one recorded value. */
  private void addValue(long value) {
    count++;
    sum += value;
    if (value < min) {
      min = value;
    }
    if (value > max) {
      max = value;
    }
  }

  private void addDense(int index, long n) {
    dense[index] += n;
    if (index < denseLow) {
      denseLow = index;
    }
    if (index > denseHigh) {
      denseHigh = index;
    }
  }

  /** Moves the sparse table into a dense array; the table shrinks back to its minimum. */
  private void spill() {
    dense = new long[layout.length()];
    denseLow = Integer.MAX_VALUE;
    denseHigh = -1;
    spills++;
    long[] ok = keys;
    long[] oc = counts;
    for (int i = 0; i < ok.length; i++) {
      if (ok[i] != 0) {
        addDense(layout.index(ok[i] - 1), oc[i]);
      }
    }
    keys = new long[MIN_CAPACITY];
    counts = new long[MIN_CAPACITY];
    size = 0;
  }

  /**
   * Adds {@code n} to a bucket of the sparse table without touching the exact statistics.
   *
   * @return false when the bucket is new and the table is at its cap
   */
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

  /** Adds {@code n} to a bucket wherever this table keeps it now, spilling if it must. */
  private void addCounts(long bucket, long n) {
    if (dense != null) {
      addDense(layout.index(bucket), n);
    } else if (!addToBucket(bucket, n)) {
      spill();
      addDense(layout.index(bucket), n);
    }
  }

  /** Calls {@code consumer} for every bucket with a count, in no particular order. */
  private void forEachBucket(Distribution.BucketConsumer consumer) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        consumer.accept(keys[i] - 1, counts[i]);
      }
    }
    if (dense != null) {
      for (int i = denseLow; i <= denseHigh; i++) {
        if (dense[i] != 0) {
          consumer.accept(layout.valueAt(i), dense[i]);
        }
      }
    }
  }

  /** Adds every bucket and the exact statistics of {@code other} to this one. */
  public void addAll(SparseCounts other) {
    other.forEachBucket(this::addCounts);
    addStatistics(other.count, other.sum, other.min, other.max);
  }

  /** Adds one frozen distribution to this one. */
  public void addAll(Distribution d) {
    d.forEach(this::addCounts);
    if (d.count() > 0) {
      addStatistics(d.count(), d.sum(), d.min(), d.max());
    }
  }

  private void addStatistics(long n, long total, long smallest, long largest) {
    count += n;
    sum += total;
    if (n > 0) {
      min = Math.min(min, smallest);
      max = Math.max(max, largest);
    }
  }

  /**
   * Adds {@code n} synthetic values in {@code bucket}, for coordinated-omission correction:
   * they count toward the total and the percentiles, and {@code value} toward the sum.
   */
  public void addSynthetic(long bucket, long value, long n) {
    addCounts(bucket, n);
    count += n;
    sum += value * n;
    min = Math.min(min, value);
  }

  /** An immutable copy with the buckets sorted by value. */
  public Distribution freeze() {
    int n = size;
    if (dense != null) {
      for (int i = denseLow; i <= denseHigh; i++) {
        if (dense[i] != 0) {
          n++;
        }
      }
    }
    long[] b = new long[n];
    int[] j = {0};
    forEachBucket((bucket, c) -> b[j[0]++] = bucket);
    Arrays.sort(b);
    long[] c = new long[n];
    for (int i = 0; i < n; i++) {
      c[i] = get(b[i]);
    }
    return Distribution.of(b, c, n, count, sum, count == 0 ? 0 : min, count == 0 ? 0 : max);
  }

  private long get(long bucket) {
    long key = bucket + 1;
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return counts[i];
      }
      if (keys[i] == 0) {
        return dense == null ? 0 : dense[layout.index(bucket)];
      }
    }
  }

  /**
   * Empties the table, keeping its capacity, so a steady state allocates nothing. A spilled
   * table keeps its dense array unless this span used fewer than a quarter of the cap's buckets.
   */
  public void clear() {
    if (size > 0) {
      Arrays.fill(keys, 0);
    }
    size = 0;
    if (dense != null) {
      int used = 0;
      for (int i = denseLow; i <= denseHigh; i++) {
        if (dense[i] != 0) {
          used++;
          dense[i] = 0;
        }
      }
      if (used < maxCapacity / 4) {
        dense = null;
      } else {
        denseLow = Integer.MAX_VALUE;
        denseHigh = -1;
      }
    }
    count = 0;
    sum = 0;
    min = Long.MAX_VALUE;
    max = Long.MIN_VALUE;
  }

  public long count() {
    return count;
  }

  /** The largest value added since the last {@link #clear()}; 0 when none. */
  public long max() {
    return count == 0 ? 0 : max;
  }

  /** True while the counts sit in the dense array. */
  public boolean spilled() {
    return dense != null;
  }

  /** Times this table has spilled into a dense array since it was made. */
  public long spills() {
    return spills;
  }

  /** Distinct buckets in the sparse table. */
  public int size() {
    return size;
  }

  /** Bytes held by the table's arrays. */
  public long footprintBytes() {
    return 16L * keys.length + (dense == null ? 0 : 8L * dense.length + 16) + 64;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new long[Math.min(oldKeys.length * 2, maxCapacity)];
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
