package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real recordings of one workload at three speeds: as is, with its hot method 30 % slower per
 * operation, and with every method 30 % slower (so no share moves). Costs per operation see
 * both; shares see only the first.
 */
final class CostDiffTest {

  // About 2,600 samples per merged profile at a 1 ms period: a share near 50 % then has a
  // binomial spread of 1 percentage point, and a difference of two shares 1.4 points, so the
  // 5-point bound on 'shares stay alone' sits 3.6 spreads out, while the hot method's 30 %
  // slowdown moves its share about 6.5 points. With half as many (4,000 operations) the bound
  // sat only 2.6 spreads out and failed by chance: +6.8 points once, on a busy machine.
  private static final int OPS = 8_000;
  private static final int ROUNDS = 4;
  private static final String HOT = "io.perfkit.profiler.analysis.CostDiffTest.hotStep";
  private static final String OTHER = "io.perfkit.profiler.analysis.CostDiffTest.otherStep";

  @TempDir static Path dir;
  static volatile double sink;

  private static StackProfile base;
  private static StackProfile hotSlower;
  private static StackProfile allSlower;
  private static StackProfile again;

  static void hotStep(int units) {
    double x = sink;
    for (int i = 0; i < units * 1_000; i++) {
      x = x * 1.0000001 + 1e-9;
    }
    sink = x;
  }

  static void otherStep(int units) {
    double x = sink;
    for (int i = 0; i < units * 1_000; i++) {
      x = x * 0.9999999 + 1e-9;
    }
    sink = x;
  }

  private static void work(int ops, int hotUnits, int otherUnits) {
    for (int op = 0; op < ops; op++) {
      hotStep(hotUnits);
      otherStep(otherUnits);
    }
  }

  private static StackProfile record(String name, int ops, int hotUnits, int otherUnits) throws Exception {
    Path file = dir.resolve(name + ".jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      r.start();
      work(ops, hotUnits, otherUnits);
      r.stop();
      r.dump(file);
    }
    return StackProfile.read(file, ProfileType.CPU);
  }

  /**
   * Each speed is recorded in {@value #ROUNDS} interleaved rounds and merged, so a stretch of
   * the machine running slower or faster (a busy neighbour, the collector) falls on every speed
   * alike instead of on whichever was recorded then.
   */
  @BeforeAll
  static void recordThreeSpeeds() throws Exception {
    // Compiled, and Flight Recorder started once, before anything is measured: the first
    // recording in a JVM also pays for the recorder's own start-up on the same cores.
    record("warm-up", OPS / ROUNDS, 100, 100);
    List<List<StackProfile>> rounds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    int[][] speeds = {{100, 100}, {130, 100}, {130, 130}, {100, 100}};
    for (int round = 0; round < ROUNDS; round++) {
      for (int s = 0; s < speeds.length; s++) {
        rounds.get(s).add(record("speed" + s + "-round" + round, OPS / ROUNDS, speeds[s][0], speeds[s][1]));
      }
    }
    base = StackProfile.merge(ProfileType.CPU, rounds.get(0));
    hotSlower = StackProfile.merge(ProfileType.CPU, rounds.get(1));
    allSlower = StackProfile.merge(ProfileType.CPU, rounds.get(2));
    again = StackProfile.merge(ProfileType.CPU, rounds.get(3));  // the same speed as the base, recorded alongside
  }

  @Test
  void aHotMethodThirtyPercentSlowerPerOperation_isFlagged_andTheOtherIsNot() {
    CostDiff d = CostDiff.perOperation(base, OPS, hotSlower, OPS);
    CostDiff.Cost hot = d.cost(HOT).orElseThrow();
    assertTrue(hot.change() > 0.15 && hot.p() < 0.01, hot + "\n" + d.report(5));
    List<String> flagged = d.slower(0.15).stream().map(CostDiff.Cost::method).toList();
    assertTrue(flagged.contains(HOT), d.report(5));
    assertTrue(!flagged.contains(OTHER), "the unchanged method is not flagged: " + d.report(5));
    AssertionError e = assertThrows(AssertionError.class, () -> d.assertNoSlowerThan(0.15));
    assertTrue(e.getMessage().contains(HOT), e.getMessage());
  }

  @Test
  void everyMethodEquallySlower_leavesSharesAlone_butIsFlaggedInAbsoluteTerms() {
    ProfileDiff shares = ProfileDiff.of(base, allSlower);
    assertTrue(Math.abs(shares.selfDelta(HOT)) < 5 && Math.abs(shares.selfDelta(OTHER)) < 5, shares.report(5));
    CostDiff d = shares.perUnit(OPS, OPS);
    List<String> flagged = d.slower(0.15).stream().map(CostDiff.Cost::method).toList();
    assertTrue(flagged.contains(CostDiff.ALL) && flagged.contains(HOT) && flagged.contains(OTHER), d.report(5));
    assertTrue(d.overall().change() > 0.15, d.report(5));
  }

  @Test
  void theSameWorkloadTwice_isNotFlagged() {
    CostDiff d = CostDiff.perOperation(base, OPS, again, OPS);
    assertEquals(List.of(), d.slower(0.15), d.report(5));
  }

  @Test
  void ratesEqualP_isTheBinomialTestOfTwoPoissonCounts() {
    assertEquals(1.0, CostDiff.ratesEqualP(10, 1, 10, 1), 1e-9);
    // scipy.stats.binomtest(8, 10, 0.5).pvalue: P(X ≤ 2 or X ≥ 8) of Binomial(10, ½) = 112 / 1024
    assertEquals(0.109375, CostDiff.ratesEqualP(2, 1, 8, 1), 1e-9);
    assertTrue(CostDiff.ratesEqualP(1000, 1, 1300, 1) < 1e-8);
    assertTrue(CostDiff.ratesEqualP(1000, 1, 1300, 1.3) > 0.5, "the same rate over 1.3× the units");
    assertThrows(IllegalArgumentException.class, () -> CostDiff.perOperation(base, 0, base, 1));
  }
}
