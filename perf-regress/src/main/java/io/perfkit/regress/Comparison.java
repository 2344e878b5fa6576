package io.perfkit.regress;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A baseline JMH run against a candidate, benchmark by benchmark and parameter by parameter.
 *
 * <p>For each row present in both runs, the samples are every measured iteration of every fork.
 * The verdict is {@link Verdict#SLOWER} or {@link Verdict#FASTER} when the Mann–Whitney test
 * rejects "same distribution" at {@code alpha} (0.05) and the ratio's interval (at
 * {@code confidence}, 0.95) leaves out 1; otherwise {@link Verdict#NO_CHANGE}, with a note when
 * the interval is wider than ±{@code resolution} (5 %): the data could not have shown a change of
 * that size, and the note says how many forks would. Two guards keep the machine's own noise from
 * passing for a change:
 * <ul>
 *   <li>too few samples for the test to reach {@code alpha} at all (fewer than 4 a side) gives
 *       {@link Verdict#UNDECIDED}, naming how many are needed;</li>
 *   <li>a change smaller than the spread between one run's own forks (a JVM that compiled
 *       differently, the bimodality of small VMs) is not called: NO_CHANGE, with a note saying the
 *       forks disagree and how many would settle it.</li>
 * </ul>
 * Rows in one run only are listed, with {@link Verdict#ONLY_IN_BASE} or
 * {@link Verdict#ONLY_IN_CANDIDATE}, never dropped.
 */
public final class Comparison {

  private final JmhRun base;
  private final JmhRun candidate;
  private final Options options;
  private final List<Row> rows;

  /** The knobs of a comparison. */
  public record Options(double alpha, double confidence, double resolution) {
    public Options {
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha " + alpha + " must be in (0, 1)");
      }
      if (!(confidence > 0 && confidence < 1)) {
        throw new IllegalArgumentException("confidence " + confidence + " must be in (0, 1)");
      }
      if (!(resolution > 0 && resolution < 10)) {
        throw new IllegalArgumentException("resolution " + resolution + " must be a positive fraction, e.g. 0.05");
      }
    }

    /** α = 0.05, 95 % intervals, changes of 5 % worth seeing. */
    public static Options defaults() {
      return new Options(0.05, 0.95, 0.05);
    }

    /** The same with another resolution (the smallest change worth seeing, as a fraction). */
    public Options withResolution(double r) {
      return new Options(alpha, confidence, r);
    }
  }

  private Comparison(JmhRun base, JmhRun candidate, Options options) {
    this.base = base;
    this.candidate = candidate;
    this.options = options;
    this.rows = compareAll();
  }

  /** Compares with the default options. */
  public static Comparison of(JmhRun base, JmhRun candidate) {
    return of(base, candidate, Options.defaults());
  }

  public static Comparison of(JmhRun base, JmhRun candidate, Options options) {
    return new Comparison(Objects.requireNonNull(base, "base"), Objects.requireNonNull(candidate, "candidate"),
        Objects.requireNonNull(options, "options"));
  }

  private List<Row> compareAll() {
    Set<String> keys = new LinkedHashSet<>();
    base.results().forEach(r -> keys.add(r.key()));
    candidate.results().forEach(r -> keys.add(r.key()));
    List<Row> out = new ArrayList<>();
    for (String key : keys) {
      JmhResult b = base.find(key).orElse(null);
      JmhResult c = candidate.find(key).orElse(null);
      out.add(compare(key, b, c, options));
    }
    return out;
  }

  /** Compares one pair of results (either may be null). */
  static Row compare(String key, JmhResult b, JmhResult c, Options o) {
    Stats.Estimate none = new Stats.Estimate(Double.NaN, Double.NaN, Double.NaN);
    if (b == null) {
      return new Row(key, null, c, none, Double.NaN, Verdict.ONLY_IN_CANDIDATE, "");
    }
    if (c == null) {
      return new Row(key, b, null, none, Double.NaN, Verdict.ONLY_IN_BASE, "");
    }
    if (!b.mode().equals(c.mode()) || !b.unit().equals(c.unit())) {
      return new Row(key, b, c, none, Double.NaN, Verdict.UNDECIDED, "base is " + b.mode() + " in " + b.unit()
          + ", candidate " + c.mode() + " in " + c.unit() + "; rerun both the same way");
    }
    double[] x = b.samples();
    double[] y = c.samples();
    Stats.Estimate ratio = Stats.ratio(x, y, o.confidence());
    double p = Stats.mannWhitneyP(x, y);
    if (Stats.smallestP(x.length, y.length) > o.alpha()) {
      int need = 2;
      while (Stats.smallestP(need, need) > o.alpha()) {
        need++;
      }
      return new Row(key, b, c, ratio, p, Verdict.UNDECIDED, String.format(Locale.ROOT,
          "%d and %d samples cannot reach p < %s; need ≥ %d a side (forks × iterations)", x.length, y.length,
          o.alpha(), need));
    }
    Row row = new Row(key, b, c, ratio, p, Verdict.NO_CHANGE, "");
    boolean significant = p < o.alpha() && ratio.excludes(1);
    double slowdown = row.slowdown();
    if (significant) {
      double spread = Math.max(forkSpread(b), forkSpread(c));
      if (Math.abs(slowdown) < spread) {
        int forks = Math.max(b.forks().size(), c.forks().size());
        return new Row(key, b, c, ratio, p, Verdict.NO_CHANGE, String.format(Locale.ROOT,
            "the change (%+.1f%%) is smaller than the spread between one run's own forks (%.1f%%); need ≥ %d forks a side",
            slowdown * 100, spread * 100, Math.max(5, 2 * forks)));
      }
      return new Row(key, b, c, ratio, p, slowdown > 0 ? Verdict.SLOWER : Verdict.FASTER, "");
    }
    double[] interval = row.slowdownInterval();
    double halfWidth = (interval[1] - interval[0]) / 2;
    if (halfWidth > o.resolution()) {
      int forks = Math.max(1, Math.max(b.forks().size(), c.forks().size()));
      int need = (int) Math.ceil(forks * Math.pow(halfWidth / o.resolution(), 2));
      return new Row(key, b, c, ratio, p, Verdict.NO_CHANGE, String.format(Locale.ROOT,
          "too noisy to see ±%.0f%%: the interval is %+.1f%% … %+.1f%%; need ≥ %d forks a side",
          o.resolution() * 100, interval[0] * 100, interval[1] * 100, need));
    }
    return row;
  }

  /** How far apart one run's forks are: the slowest fork median over the fastest, less one; 0 for one fork. */
  static double forkSpread(JmhResult r) {
    if (r.forks().size() < 2) {
      return 0;
    }
    double[] m = r.forkMedians();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : m) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return lo > 0 ? hi / lo - 1 : 0;
  }

  public JmhRun base() {
    return base;
  }

  public JmhRun candidate() {
    return candidate;
  }

  public Options options() {
    return options;
  }

  /** Every row: the baseline's order, then rows only the candidate has. */
  public List<Row> rows() {
    return List.copyOf(rows);
  }
}
