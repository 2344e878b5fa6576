package io.perfkit.regress;

import java.util.Arrays;

/**
 * The statistics a comparison rests on, chosen for benchmark data: heavy-tailed, often bimodal
 * (a JVM that compiled differently), never normal. Nothing here assumes a distribution.
 * <ul>
 *   <li>{@link #mannWhitneyP}: the two-sided p-value of the Mann–Whitney U (Wilcoxon rank-sum)
 *       test; exact for small samples without ties, else the normal approximation with tie and
 *       continuity corrections.</li>
 *   <li>{@link #ratio}: the Hodges–Lehmann estimate of the ratio new/base (the median of all
 *       pairwise ratios) with its distribution-free confidence interval (Moses), read from the
 *       same U distribution, so the interval and the test agree.</li>
 * </ul>
 */
public final class Stats {

  /** Exact U distributions are computed up to this many pairs (n₁·n₂); above, the normal approximation. */
  static final int EXACT_PAIRS = 2_500;

  private Stats() {}

  /** The median; NaN when empty. */
  public static double median(double[] x) {
    if (x.length == 0) {
      return Double.NaN;
    }
    double[] s = x.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /**
   * The two-sided p-value of the Mann–Whitney U test that {@code a} and {@code b} come from the
   * same distribution; 1 when either is empty.
   */
  public static double mannWhitneyP(double[] a, double[] b) {
    int n1 = a.length;
    int n2 = b.length;
    if (n1 == 0 || n2 == 0) {
      return 1;
    }
    double[] all = new double[n1 + n2];
    System.arraycopy(a, 0, all, 0, n1);
    System.arraycopy(b, 0, all, n1, n2);
    double[] ranks = ranks(all);
    double r1 = 0;
    for (int i = 0; i < n1; i++) {
      r1 += ranks[i];
    }
    double u1 = r1 - n1 * (n1 + 1) / 2.0;
    boolean ties = hasTies(all);
    if (!ties && (long) n1 * n2 <= EXACT_PAIRS) {
      long[] counts = uDistribution(n1, n2);
      double total = 0;
      for (long c : counts) {
        total += c;
      }
      int u = (int) Math.round(Math.min(u1, (double) n1 * n2 - u1));
      double tail = 0;
      for (int k = 0; k <= u; k++) {
        tail += counts[k];
      }
      return Math.min(1, 2 * tail / total);
    }
    double mean = n1 * n2 / 2.0;
    double n = n1 + n2;
    double tieTerm = tieCorrection(all);
    double var = n1 * n2 / 12.0 * ((n + 1) - tieTerm / (n * (n - 1)));
    if (var <= 0) {
      return 1;
    }
    double z = (Math.abs(u1 - mean) - 0.5) / Math.sqrt(var);
    return Math.min(1, 2 * (1 - normalCdf(Math.max(0, z))));
  }

  /**
   * The Hodges–Lehmann estimate of {@code median(b) / median(a)}'s population counterpart (the
   * median of the n₁·n₂ ratios bᵢ/aⱼ, on a log scale) and its confidence interval at
   * {@code confidence} (say 0.95). Values must be positive, as benchmark scores are. When the
   * samples are too small for an interval at that confidence, the interval is the widest the
   * data give, from the smallest ratio to the largest.
   */
  public static Estimate ratio(double[] a, double[] b, double confidence) {
    int n1 = a.length;
    int n2 = b.length;
    if (n1 == 0 || n2 == 0) {
      return new Estimate(Double.NaN, Double.NaN, Double.NaN);
    }
    double[] logs = new double[n1 * n2];
    int k = 0;
    for (double x : a) {
      for (double y : b) {
        logs[k++] = Math.log(y / x);
      }
    }
    Arrays.sort(logs);
    double estimate = Math.exp(median(logs));
    // Moses: with c the largest count such that P(U < c) ≤ α/2, the interval runs from the
    // c-th smallest ratio to the c-th largest (1-based); c = 0 leaves the whole range
    int c = lowerCount(n1, n2, (1 - confidence) / 2);
    int lo = c == 0 ? 0 : c - 1;
    int hi = c == 0 ? logs.length - 1 : logs.length - c;
    return new Estimate(estimate, Math.exp(logs[lo]), Math.exp(logs[hi]));
  }

  /**
   * The number of pairwise differences cut from each end for a two-sided interval: the largest
   * c with P(U &lt; c) ≤ α under the null (0 when even the extremes are more likely than α).
   */
  static int lowerCount(int n1, int n2, double alpha) {
    if ((long) n1 * n2 <= EXACT_PAIRS) {
      long[] counts = uDistribution(n1, n2);
      double total = 0;
      for (long x : counts) {
        total += x;
      }
      double cum = 0;
      int c = 0;
      while (c < counts.length && (cum + counts[c]) / total <= alpha) {
        cum += counts[c];
        c++;
      }
      return c;
    }
    double z = inverseNormal(1 - alpha);
    double c = n1 * n2 / 2.0 - z * Math.sqrt(n1 * (double) n2 * (n1 + n2 + 1) / 12.0);
    return (int) Math.max(0, Math.floor(c));
  }

  /** The smallest two-sided p-value samples of these sizes can give: 2 / C(n₁+n₂, n₁). */
  public static double smallestP(int n1, int n2) {
    double logC = 0;
    for (int i = 1; i <= n1; i++) {
      logC += Math.log(n2 + i) - Math.log(i);
    }
    return Math.min(1, 2 * Math.exp(-logC));
  }

  /** Counts of arrangements of n₁ and n₂ items giving each U = 0 … n₁·n₂ (no ties). */
  static long[] uDistribution(int n1, int n2) {
    int max = n1 * n2;
    // f[m][u] for the current n; built up in n with the recurrence
    // N(u; m, n) = N(u − n; m − 1, n) + N(u; m, n − 1)
    long[][] prev = new long[n1 + 1][];
    for (int m = 0; m <= n1; m++) {
      prev[m] = new long[max + 1];
      prev[m][0] = 1;  // n = 0: one arrangement, U = 0
    }
    for (int n = 1; n <= n2; n++) {
      long[][] cur = new long[n1 + 1][max + 1];
      cur[0][0] = 1;
      for (int m = 1; m <= n1; m++) {
        for (int u = 0; u <= m * n; u++) {
          long v = prev[m][u];
          if (u - n >= 0) {
            v += cur[m - 1][u - n];
          }
          cur[m][u] = v;
        }
      }
      prev = cur;
    }
    return prev[n1];
  }

  private static double[] ranks(double[] x) {
    Integer[] idx = new Integer[x.length];
    for (int i = 0; i < x.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (p, q) -> Double.compare(x[p], x[q]));
    double[] r = new double[x.length];
    int i = 0;
    while (i < x.length) {
      int j = i;
      while (j + 1 < x.length && x[idx[j + 1]] == x[idx[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[idx[k]] = rank;
      }
      i = j + 1;
    }
    return r;
  }

  private static boolean hasTies(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    for (int i = 1; i < s.length; i++) {
      if (s[i] == s[i - 1]) {
        return true;
      }
    }
    return false;
  }

  private static double tieCorrection(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    double sum = 0;
    int i = 0;
    while (i < s.length) {
      int j = i;
      while (j + 1 < s.length && s[j + 1] == s[i]) {
        j++;
      }
      double t = j - i + 1;
      sum += t * t * t - t;
      i = j + 1;
    }
    return sum;
  }

  /** Φ(z), by the complementary error function (Abramowitz and Stegun 7.1.26 is too coarse here). */
  static double normalCdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  /** erfc by its continued-fraction-free Chebyshev fit (Numerical Recipes' erfcc), |error| < 1.2e-7. */
  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  /** Φ⁻¹(p) for 0 &lt; p &lt; 1 (Acklam's rational approximation, relative error below 1.2e-9). */
  static double inverseNormal(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability " + p + " must be in (0, 1)");
    }
    double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
        -3.066479806614716e+01, 2.506628277459239e+00};
    double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
        -1.328068155288572e+01};
    double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
        4.374664141464968e+00, 2.938163982698783e+00};
    double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) {
      return -inverseNormal(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }

  /**
   * An estimate with its confidence interval.
   *
   * @param value the point estimate
   * @param low the interval's lower end
   * @param high its upper end
   */
  public record Estimate(double value, double low, double high) {

    /** Whether the interval leaves out {@code x}. */
    public boolean excludes(double x) {
      return x < low || x > high;
    }
  }
}
