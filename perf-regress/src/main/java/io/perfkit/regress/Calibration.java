package io.perfkit.regress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How often a gate cries wolf on this machine: two runs of the same code (an A/A test) compared
 * directly, and then their samples pooled and split at random into two halves many times, each
 * split compared as if it were base and candidate. Every failure is a false alarm, since the code
 * did not change; the rate tells whether the threshold is above this machine's noise.
 *
 * <p>Splits keep forks whole when the pool has at least four, since iterations of one JVM are
 * not independent of each other; otherwise they split iterations.
 */
public final class Calibration {

  /**
   * One row's calibration.
   *
   * @param key the row
   * @param direct the comparison of the two runs as given
   * @param resamples splits compared
   * @param falseAlarms splits that failed the gate
   * @param significant splits with any significant change (faster or slower)
   */
  public record RowResult(String key, Row direct, int resamples, int falseAlarms, int significant) {
    public double falseAlarmRate() {
      return resamples == 0 ? Double.NaN : (double) falseAlarms / resamples;
    }
  }

  private Calibration() {}

  /** Calibrates {@code gate} on two runs of the same code. */
  public static List<RowResult> run(JmhRun first, JmhRun second, Gate gate, Comparison.Options options,
      int resamples, long seed) {
    if (resamples < 0) {
      throw new IllegalArgumentException("resamples " + resamples + " must not be negative");
    }
    Random random = new Random(seed);
    List<RowResult> out = new ArrayList<>();
    for (JmhResult a : first.results()) {
      JmhResult b = second.find(a.key()).orElse(null);
      if (b == null || !a.mode().equals(b.mode())) {
        continue;
      }
      Row direct = Comparison.compare(a.key(), a, b, options);
      List<double[]> pool = new ArrayList<>();
      pool.addAll(a.forks());
      pool.addAll(b.forks());
      if (pool.size() < 4) {
        List<double[]> iterations = new ArrayList<>();
        for (double[] f : pool) {
          for (double v : f) {
            iterations.add(new double[] {v});
          }
        }
        pool = iterations;
      }
      int alarms = 0;
      int significant = 0;
      for (int i = 0; i < resamples; i++) {
        List<double[]> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, random);
        int half = shuffled.size() / 2;
        JmhResult x = new JmhResult(a.benchmark(), a.params(), a.mode(), a.unit(), a.threads(), shuffled.subList(0, half));
        JmhResult y = new JmhResult(a.benchmark(), a.params(), a.mode(), a.unit(), a.threads(),
            shuffled.subList(half, 2 * half));
        Row r = Comparison.compare(a.key(), x, y, options);
        if (gate.fails(r)) {
          alarms++;
        }
        if (r.verdict() == Verdict.SLOWER || r.verdict() == Verdict.FASTER) {
          significant++;
        }
      }
      out.add(new RowResult(a.key(), direct, resamples, alarms, significant));
    }
    return out;
  }

  /** The calibration as a text table. */
  public static String text(List<RowResult> results, Gate gate) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-50s %9s %10s %10s %12s%n", "benchmark (A/A)", "direct", "change",
        "threshold", "false alarms"));
    int alarms = 0;
    int total = 0;
    for (RowResult r : results) {
      alarms += r.falseAlarms();
      total += r.resamples();
      sb.append(String.format(Locale.ROOT, "%-50s %9s %+9.1f%% %9.0f%% %5d/%-5d %5.1f%%%n", r.key(),
          gate.fails(r.direct()) ? "FAIL" : r.direct().verdict().symbol(), r.direct().slowdown() * 100,
          gate.thresholdFor(r.key()) * 100, r.falseAlarms(), r.resamples(), r.falseAlarmRate() * 100));
    }
    sb.append(String.format(Locale.ROOT, "overall false-alarm rate: %d of %d splits (%.1f%%)%n", alarms, total,
        total == 0 ? 0 : 100.0 * alarms / total));
    return sb.toString();
  }
}
