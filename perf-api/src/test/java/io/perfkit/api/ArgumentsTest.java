package io.perfkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

final class ArgumentsTest {

  private static void refused(String message, Executable check) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, check).getMessage());
  }

  @Test
  void everyCheck_namesTheSettingAndTheValue_inOneWording() {
    refused("queue capacity 0 must be positive", () -> Arguments.positive("queue capacity", 0));
    refused("bytes -1 must be positive", () -> Arguments.positive("bytes", -1L));
    refused("maxAge PT0S must be positive", () -> Arguments.positive("maxAge", Duration.ZERO));
    refused("scale NaN must be positive and finite", () -> Arguments.positive("scale", Double.NaN));
    refused("scale Infinity must be positive and finite", () -> Arguments.positive("scale", Double.POSITIVE_INFINITY));
    refused("maxSize 1000 must be at least 1048576", () -> Arguments.atLeast("maxSize", 1000, 1 << 20));
    refused("maxRequestBytes -1 is negative", () -> Arguments.notNegative("maxRequestBytes", -1L));
    refused("pause PT-1S is negative", () -> Arguments.notNegative("pause", Duration.ofSeconds(-1)));
    refused("history size 0 must be between 1 and 1000000", () -> Arguments.between("history size", 0, 1, 1_000_000));
    refused("part size 3 must be between 5 and 9", () -> Arguments.between("part size", 3L, 5L, 9L));
    refused("heap after GC 1.5 must be a fraction in (0, 1]", () -> Arguments.fraction("heap after GC", 1.5));
    refused("period PT0.0005S must be at least 1 ms", () -> Arguments.atLeastOneMilli("period", Duration.ofNanos(500_000)));
    assertEquals("maxAge", assertThrows(NullPointerException.class, () -> Arguments.positive("maxAge", (Duration) null)).getMessage());
  }

  @Test
  void quantiles_areOneRule_zeroExcludedOneIncluded_NaNRefused() {
    assertEquals(1.0, Arguments.quantile("quantile", 1.0));
    assertEquals(0.999, Arguments.quantile("quantile", 0.999));
    refused("quantile 0.0 must be in (0, 1], e.g. 0.99", () -> Arguments.quantile("quantile", 0));
    refused("quantile 99.0 must be in (0, 1], e.g. 0.99", () -> Arguments.quantile("quantile", 99));
    refused("quantile NaN must be in (0, 1], e.g. 0.99", () -> Arguments.quantile("quantile", Double.NaN));
  }

  @Test
  void nearestRank_isTheSmallestValueCoveringTheFraction() {
    long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    assertEquals(50, Quantiles.nearestRank(sorted, 0.5));
    assertEquals(100, Quantiles.nearestRank(sorted, 0.99));
    assertEquals(10, Quantiles.nearestRank(sorted, 0.01));
    assertEquals(100, Quantiles.nearestRank(sorted, 1.0));
    assertEquals(60, Quantiles.nearestRank(sorted, 0.51));
    assertEquals(0, Quantiles.nearestRank(new long[0], 0.5));
    assertThrows(IllegalArgumentException.class, () -> Quantiles.nearestRank(sorted, 0));
  }
}
