package io.perfkit.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

final class SparseCountsTest {

  private final Histogram template = new Histogram(1, 3_600_000_000_000L, 3);
  private final BucketLayout layout = new BucketLayout(template);

  private void record(SparseCounts c, Histogram hdr, long v) {
    c.recordValue(v);
    hdr.recordValue(v);
  }

  @Test
  void aTableAtItsCap_spillsIntoDenseCounts_andKeepsEveryValue() {
    SparseCounts buffer = new SparseCounts(64, layout);
    Histogram hdr = new Histogram(1, 3_600_000_000_000L, 3);
    SplittableRandom r = new SplittableRandom(7);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 10_000; i++) {
      long v = 1 + r.nextLong(1_000_000_000L);
      record(buffer, hdr, v);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertTrue(buffer.spilled());
    assertEquals(1, buffer.spills());
    SparseCounts reader = new SparseCounts();
    reader.addAll(buffer);
    Distribution d = reader.freeze();
    assertEquals(10_000, d.count());
    for (double p : new double[] {0, 1, 50, 90, 99, 99.9, 99.99, 100}) {
      // HdrHistogram's bucket, kept within the exact extremes
      assertEquals(Math.max(Math.min(hdr.getValueAtPercentile(p), max), min), d.valueAtPercentile(p, template), "p" + p);
    }
    assertEquals(max, d.max());
    assertEquals(min, d.min());
  }

  @Test
  void aSpilledBuffer_staysDenseWhileWide_andReturnsToSparseWhenNarrow() {
    SparseCounts buffer = new SparseCounts(64, layout);
    Histogram hdr = new Histogram(1, 3_600_000_000_000L, 3);
    for (int i = 1; i <= 5_000; i++) {
      record(buffer, hdr, i);
    }
    buffer.clear();
    assertTrue(buffer.spilled(), "5,000 buckets is wide for a cap of 64");
    assertEquals(0, buffer.count());
    for (int i = 0; i < 10; i++) {
      buffer.recordValue(5);
    }
    SparseCounts reader = new SparseCounts();
    reader.addAll(buffer);
    assertEquals(10, reader.freeze().count());
    assertEquals(5, reader.freeze().valueAtPercentile(50, template));
    buffer.clear();
    assertFalse(buffer.spilled(), "one bucket is narrow");
    assertEquals(1, buffer.spills());
  }

  @Test
  void freeze_ofASpilledTable_sortsItsBuckets() {
    SparseCounts buffer = new SparseCounts(64, layout);
    for (long v = 10_000; v > 0; v -= 3) {
      buffer.recordValue(v);
    }
    Distribution d = buffer.freeze();
    long[] last = {-1};
    d.forEach((bucket, n) -> {
      assertTrue(bucket > last[0], "ascending");
      last[0] = bucket;
    });
    assertEquals(3334, d.count());
  }

  @Test
  void capacity_mustBeAPowerOfTwo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparseCounts(100, layout));
    assertTrue(e.getMessage().contains("100"), e.getMessage());
  }
}
