package io.perfkit.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class BucketLayoutTest {

  @ParameterizedTest
  @CsvSource({"1, 3600000000000, 3", "1, 1125899906842624, 3", "1000, 3600000000000, 2", "1, 1000000, 5", "7, 100000, 1"})
  void index_andValueAt_agreeWithHdrHistogramOverTheWholeRange(long lowest, long highest, int digits) {
    Histogram h = new Histogram(lowest, highest, digits);
    BucketLayout layout = new BucketLayout(h);
    SplittableRandom r = new SplittableRandom(digits * 31L + lowest);
    int previous = -1;
    for (int i = 0; i < 200_000; i++) {
      // log-uniform over the range, plus both ends
      long v = i == 0 ? 0 : i == 1 ? highest : (long) Math.exp(r.nextDouble() * Math.log(highest));
      int index = layout.index(v);
      assertEquals(h.lowestEquivalentValue(v), layout.valueAt(index), "value " + v);
      assertEquals(h.lowestEquivalentValue(v), layout.lowestEquivalent(v), "value " + v);
      assertEquals(index, layout.index(layout.valueAt(index)), "value " + v);
      previous = Math.max(previous, index);
    }
    assertEquals(layout.index(highest) + 1, layout.length());
    assertEquals(layout.length() - 1, previous, "the highest value has the last index");
  }

  @ParameterizedTest
  @CsvSource({"1, 3600000000000, 3", "1, 1000000, 5"})
  void indexes_ascendWithBuckets(long lowest, long highest, int digits) {
    Histogram h = new Histogram(lowest, highest, digits);
    BucketLayout layout = new BucketLayout(h);
    for (int i = 1; i < layout.length(); i++) {
      long v = layout.valueAt(i);
      assertEquals(h.nextNonEquivalentValue(layout.valueAt(i - 1)), v, "index " + i);
    }
  }
}
