package io.perfkit.profiler.analysis;

import io.perfkit.api.Arguments;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How much each method costs per unit of work in a base profile and in a target profile: its
 * total weight (samples, bytes, nanoseconds) divided by the seconds of wall time the profile
 * covers, or by the operations that ran while it was recorded. Shares ({@link ProfileDiff}) miss
 * a method that got slower while everything else slowed too; costs do not: if every method takes
 * 30 % longer per request, every share is unchanged and every cost is up 30 %.
 *
 * <p>For CPU profiles, weights are sample counts, and each change comes with the p-value of the
 * test that both profiles sample the method at the same rate per unit (the exact binomial test
 * of the target's count given both counts, the standard comparison of two Poisson rates). For
 * weighted profiles (allocation bytes, lock and I/O nanoseconds) a weight is not a count, so the
 * change is reported without a p-value and {@link #slower} decides on the threshold alone.
 *
 * <pre>{@code
 * CostDiff d = CostDiff.perOperation(StackProfile.read(before, CPU), 10_000, StackProfile.read(after, CPU), 10_000);
 * d.assertNoSlowerThan(0.10);   // AssertionError naming each method more than 10 % costlier per operation
 * }</pre>
 */
public final class CostDiff {

  /**
   * One method's cost per unit in both profiles.
   *
   * @param method {@code package.Class.method}, or {@link #ALL} for the whole profile
   * @param baseWeight its total weight in the base
   * @param targetWeight its total weight in the target
   * @param baseCost base weight per unit
   * @param targetCost target weight per unit
   * @param p the two-sided p-value that the rates are equal; NaN for weighted profiles
   */
  public record Cost(String method, long baseWeight, long targetWeight, double baseCost, double targetCost, double p) {

    /** targetCost / baseCost − 1: 0.3 is 30 % costlier; +∞ when new, −1 when gone. */
    public double change() {
      return baseCost == 0 ? (targetCost == 0 ? 0 : Double.POSITIVE_INFINITY) : targetCost / baseCost - 1;
    }
  }

  /** The name of the whole profile's row. */
  public static final String ALL = "(all)";

  private final StackProfile base;
  private final StackProfile target;
  private final double baseUnits;
  private final double targetUnits;
  private final String unit;
  private final List<Cost> costs;
  private final Cost overall;

  private CostDiff(StackProfile base, double baseUnits, StackProfile target, double targetUnits, String unit) {
    if (base.type() != target.type()) {
      throw new IllegalArgumentException("cannot compare a " + base.type().wireName() + " profile with a "
          + target.type().wireName() + " profile");
    }
    Arguments.positive("base units", baseUnits);
    Arguments.positive("target units", targetUnits);
    this.base = base;
    this.target = target;
    this.baseUnits = baseUnits;
    this.targetUnits = targetUnits;
    this.unit = unit;
    Map<String, MethodStat> b = base.methods();
    Map<String, MethodStat> t = target.methods();
    Set<String> all = new HashSet<>(b.keySet());
    all.addAll(t.keySet());
    List<Cost> list = new ArrayList<>(all.size());
    for (String m : all) {
      list.add(cost(m, b.containsKey(m) ? b.get(m).total() : 0, t.containsKey(m) ? t.get(m).total() : 0));
    }
    list.sort(Comparator.comparingDouble((Cost c) -> -(c.targetCost() - c.baseCost())).thenComparing(Cost::method));
    this.costs = list;
    this.overall = cost(ALL, base.totalWeight(), target.totalWeight());
  }

  private Cost cost(String method, long bw, long tw) {
    double p = counts() ? ratesEqualP(bw, baseUnits, tw, targetUnits) : Double.NaN;
    return new Cost(method, bw, tw, bw / baseUnits, tw / targetUnits, p);
  }

  private boolean counts() {
    return base.unit().equals("samples");
  }

  /** Costs per second of wall time that each profile covers. */
  public static CostDiff perSecond(StackProfile base, double baseSeconds, StackProfile target, double targetSeconds) {
    return new CostDiff(base, baseSeconds, target, targetSeconds, "s");
  }

  /** Costs per operation, given how many operations ran while each profile was recorded. */
  public static CostDiff perOperation(StackProfile base, double baseOperations, StackProfile target,
      double targetOperations) {
    return new CostDiff(base, baseOperations, target, targetOperations, "op");
  }

  /** Every method, the largest rise in cost per unit first. */
  public List<Cost> costs() {
    return List.copyOf(costs);
  }

  /** The whole profile's weight per unit. */
  public Cost overall() {
    return overall;
  }

  /** One method's row. */
  public Optional<Cost> cost(String method) {
    return costs.stream().filter(c -> c.method().equals(method)).findFirst();
  }

  /**
   * The methods (and {@link #ALL}) costlier by more than {@code threshold} (0.1 is 10 %) per unit,
   * significantly so at p &lt; 0.01 where a p-value exists; costliest first.
   */
  public List<Cost> slower(double threshold) {
    List<Cost> out = new ArrayList<>();
    for (Cost c : costs) {
      if (isSlower(c, threshold)) {
        out.add(c);
      }
    }
    if (isSlower(overall, threshold)) {
      out.add(0, overall);
    }
    return out;
  }

  private static boolean isSlower(Cost c, double threshold) {
    return c.change() > threshold && (Double.isNaN(c.p()) || c.p() < 0.01);
  }

  /**
   * Throws when a method is significantly costlier than {@code threshold} allows.
   *
   * @throws AssertionError naming each such method with its costs and p-value
   */
  public void assertNoSlowerThan(double threshold) {
    List<Cost> s = slower(threshold);
    if (!s.isEmpty()) {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d method(s) cost more than %.0f%% extra per %s:%n",
          s.size(), threshold * 100, unitName()));
      for (Cost c : s) {
        sb.append(line(c));
      }
      throw new AssertionError(sb.toString());
    }
  }

  /** A text report of the {@code n} largest rises. */
  public String report(int n) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%s cost per %s: base %s over %.4g %s, target %s over %.4g %s (total weight per unit; p: equal rates)%n",
        base.type().wireName(), unitName(), base.format(base.totalWeight()), baseUnits, unitName(),
        target.format(target.totalWeight()), targetUnits, unitName()));
    sb.append(line(overall));
    for (Cost c : costs.subList(0, Math.min(n, costs.size()))) {
      sb.append(line(c));
    }
    return sb.toString();
  }

  private String line(Cost c) {
    return String.format(Locale.ROOT, "%12.4g %12.4g %+8.1f%%  %-9s %s%n", c.baseCost(), c.targetCost(), c.change() * 100,
        Double.isNaN(c.p()) ? "" : String.format(Locale.ROOT, "p=%.2g", c.p()), c.method());
  }

  private String unitName() {
    return unit.equals("s") ? "second" : "operation";
  }

  /**
   * The two-sided p-value that counts {@code k1} over {@code u1} units and {@code k2} over
   * {@code u2} units come from one Poisson rate: given n = k1 + k2, k2 is binomial with
   * π = u2 / (u1 + u2) under that hypothesis.
   */
  static double ratesEqualP(long k1, double u1, long k2, double u2) {
    long n = k1 + k2;
    if (n == 0) {
      return 1;
    }
    double pi = u2 / (u1 + u2);
    if (n > 20_000) {
      double mean = n * pi;
      double sd = Math.sqrt(n * pi * (1 - pi));
      double z = (Math.abs(k2 - mean) - 0.5) / sd;
      return Math.min(1, 2 * upperNormal(Math.max(0, z)));
    }
    // exact: the sum of the probabilities of every outcome no more likely than the one seen
    double[] logFactorial = new double[(int) n + 1];
    for (int i = 2; i <= n; i++) {
      logFactorial[i] = logFactorial[i - 1] + Math.log(i);
    }
    double logPi = Math.log(pi);
    double logRest = Math.log1p(-pi);
    double observed = logFactorial[(int) n] - logFactorial[(int) k2] - logFactorial[(int) (n - k2)]
        + k2 * logPi + (n - k2) * logRest;
    double sum = 0;
    for (int k = 0; k <= n; k++) {
      double lp = logFactorial[(int) n] - logFactorial[k] - logFactorial[(int) n - k] + k * logPi + (n - k) * logRest;
      if (lp <= observed + 1e-9) {
        sum += Math.exp(lp);
      }
    }
    return Math.min(1, sum);
  }

  private static double upperNormal(double z) {
    double t = 1 / (1 + 0.5 * z / Math.sqrt(2));
    double x = z / Math.sqrt(2);
    double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return erfc / 2;
  }
}
