package io.perfkit.regress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The statistics against values worked out by hand or printed in the tables. */
final class StatsTest {

  @Test
  void theExactUDistribution_countsArrangements() {
    assertArrayEquals(new long[] {1, 1, 2, 1, 1}, Stats.uDistribution(2, 2));
    long[] d = Stats.uDistribution(3, 3);
    long total = 0;
    for (long x : d) {
      total += x;
    }
    assertEquals(20, total, "C(6, 3)");
    assertEquals(1, d[0]);
    assertEquals(3, d[4], "U = 4 of 3 and 3");
  }

  @Test
  void mannWhitney_exactForSmallSamples() {
    assertEquals(0.1, Stats.mannWhitneyP(new double[] {1, 2, 3}, new double[] {4, 5, 6}), 1e-12, "2 / C(6,3)");
    assertEquals(2.0 / 70, Stats.mannWhitneyP(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8}), 1e-12);
    assertEquals(1.0, Stats.mannWhitneyP(new double[] {1, 4}, new double[] {2, 3}), 1e-12, "U = 2 of 4: the middle");
    assertEquals(2.0 / 70, Stats.smallestP(4, 4), 1e-12);
  }

  @Test
  void mannWhitney_normalApproximationWithTies() {
    // 30 and 30 values, half tied: the normal approximation with tie correction
    double[] a = new double[30];
    double[] b = new double[30];
    for (int i = 0; i < 30; i++) {
      a[i] = i % 10;
      b[i] = i % 10 + 2;
    }
    // scipy.stats.mannwhitneyu(a, b, method='asymptotic', use_continuity=True).pvalue
    assertEquals(0.016504477012993075, Stats.mannWhitneyP(a, b), 1e-6, "shifted by 2 of a range of 10");
    assertEquals(1.0, Stats.mannWhitneyP(a, a.clone()), 0.05);
  }

  @Test
  void hodgesLehmann_isTheMedianPairwiseRatio() {
    Stats.Estimate e = Stats.ratio(new double[] {10, 20}, new double[] {30, 40}, 0.95);
    assertEquals(Math.sqrt(6), e.value(), 1e-12, "ratios 3, 2, 4, 2: the geometric middle of 2 and 3");
    assertEquals(1.5, e.low(), 1e-12, "too few for 95 %: the widest the data give");
    assertEquals(4.0, e.high(), 1e-12);
    double[] base = new double[20];
    double[] slower = new double[20];
    for (int i = 0; i < 20; i++) {
      base[i] = 100 + i * 0.1;
      slower[i] = 1.2 * (100 + ((i * 7) % 20) * 0.1);
    }
    Stats.Estimate s = Stats.ratio(base, slower, 0.95);
    assertEquals(1.2, s.value(), 0.002);
    assertTrue(s.low() > 1.19 && s.high() < 1.21 && s.excludes(1), s.toString());
  }

  @Test
  void theNormalFunctions_matchTheirTables() {
    assertEquals(0.975, Stats.normalCdf(1.959964), 1e-6);
    assertEquals(1.959964, Stats.inverseNormal(0.975), 1e-5);
    assertEquals(-2.326348, Stats.inverseNormal(0.01), 1e-5);
  }
}
