package io.perfkit.kernels;

import io.perfkit.api.kernel.DotKernel;
import io.perfkit.api.kernel.FftKernel;
import io.perfkit.api.kernel.Integrand;
import io.perfkit.api.kernel.IntegrateKernel;
import io.perfkit.api.kernel.Kernel;
import io.perfkit.api.kernel.KernelOperation;
import io.perfkit.api.kernel.MatMulKernel;
import io.perfkit.api.spi.SpiLoader;
import io.perfkit.kernels.variants.RealFft;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * The Go original's BenchmarkAll, done right: every kernel found by {@link java.util.ServiceLoader}
 * (ours and third-party ones) is first verified against its operation's oracle on seeded inputs,
 * within a stated tolerance, and only then timed, with warm-up and repeated measurement recorded
 * in an HdrHistogram. A variant that fails verification is reported as failed and not timed.
 *
 * <h2>Tolerances</h2>
 * <ul>
 *   <li>dot: |x − exact| ≤ 1e-15 · n · Σ|aᵢbᵢ|, exact being a compensated (Kahan) sum;</li>
 *   <li>matmul: every element within 1e-15 · k · (|A||B|)ᵢⱼ of the naive product;</li>
 *   <li>fft: every output within 1e-12 · log2(n) · Σ|x| of an O(n²) DFT (n ≤ 1024) or of the
 *       recursive oracle (larger n), and inverse(forward(x)) within the same of x;</li>
 *   <li>integrate: the closed form of ∫₀¹⁰ sin(x)·e^(−0.1x) dx, within 2(b−a)³/(12n²) for
 *       trapezoid rules and 2(b−a)⁵/(180n⁴) + 1e-12 for Simpson's (the derivatives of this
 *       integrand are bounded by about 1), 1e-8 for adaptive.</li>
 * </ul>
 * Timing is for information: tests assert correctness only.
 */
public final class KernelRace {

  private static final System.Logger LOG = System.getLogger(KernelRace.class.getName());

  private final SpiLoader<Kernel> kernels;
  private final Map<KernelOperation, long[]> sizes;
  private final long timeBudgetNanos;

  private KernelRace(SpiLoader<Kernel> kernels, Map<KernelOperation, long[]> sizes, long timeBudgetNanos) {
    this.kernels = kernels;
    this.sizes = sizes;
    this.timeBudgetNanos = timeBudgetNanos;
  }

  /** The installed kernels at quick sizes (about a minute in all). */
  public static KernelRace quick() {
    return new KernelRace(installed(), quickSizes(), 150_000_000L);
  }

  /** The installed kernels at full sizes. */
  public static KernelRace full() {
    Map<KernelOperation, long[]> s = new LinkedHashMap<>();
    s.put(KernelOperation.DOT, new long[] {1000, 1_000_000, 10_000_000});
    s.put(KernelOperation.MATMUL, new long[] {64, 256, 512});
    s.put(KernelOperation.INTEGRATE, new long[] {10_000, 10_000_000});
    s.put(KernelOperation.FFT, new long[] {1 << 10, 1 << 16, 1 << 20});
    return new KernelRace(installed(), s, 1_000_000_000L);
  }

  /** These kernels at these sizes, {@code budgetMillis} of timing per variant and size. */
  public static KernelRace of(SpiLoader<Kernel> kernels, Map<KernelOperation, long[]> sizes, long budgetMillis) {
    return new KernelRace(kernels, sizes, budgetMillis * 1_000_000L);
  }

  static Map<KernelOperation, long[]> quickSizes() {
    Map<KernelOperation, long[]> s = new LinkedHashMap<>();
    s.put(KernelOperation.DOT, new long[] {1000, 1_000_000});
    s.put(KernelOperation.MATMUL, new long[] {64, 192});
    s.put(KernelOperation.INTEGRATE, new long[] {10_000, 1_000_000});
    s.put(KernelOperation.FFT, new long[] {1 << 10, 1 << 14});
    return s;
  }

  /** Every kernel ServiceLoader finds, keyed by operation/variant. */
  public static SpiLoader<Kernel> installed() {
    return SpiLoader.load(Kernel.class, Kernel::key);
  }

  /** Runs the race: one result per operation, variant and size. */
  public List<RaceResult> run() {
    List<RaceResult> out = new ArrayList<>();
    for (Map.Entry<KernelOperation, long[]> e : sizes.entrySet()) {
      KernelOperation op = e.getKey();
      List<Kernel> variants = new ArrayList<>();
      for (Kernel k : kernels.all()) {
        if (k.operation() != op) {
          continue;
        }
        if (k.unavailableReason().isPresent()) {
          LOG.log(Level.INFO, "skipping " + k.key() + ": " + k.unavailableReason().get());
          continue;
        }
        variants.add(k);
      }
      for (long n : e.getValue()) {
        out.addAll(race(op, variants, (int) n));
      }
    }
    return out;
  }

  private List<RaceResult> race(KernelOperation op, List<Kernel> variants, int n) {
    Workload w = Workload.of(op, n);
    List<RaceResult> results = new ArrayList<>();
    long naiveMedian = 0;
    List<Object[]> timed = new ArrayList<>();
    for (Kernel k : variants) {
      String error;
      try {
        error = w.verify(k);
      } catch (RuntimeException ex) {
        error = "threw " + ex;
      }
      if (error.startsWith("FAIL")) {
        results.add(new RaceResult(op.wireName(), k.variant(), n, false, 0, 0, 0, 0, error));
        continue;
      }
      if (op == KernelOperation.FFT && !((FftKernel) k).supportsLength(n)) {
        continue;
      }
      Histogram h = time(w, k);
      long median = h.getValueAtPercentile(50);
      long p99 = h.getValueAtPercentile(99);
      if (k.variant().equals(w.oracle())) {
        naiveMedian = median;
      }
      timed.add(new Object[] {k, median, p99, error});
    }
    for (Object[] t : timed) {
      Kernel k = (Kernel) t[0];
      long median = (Long) t[1];
      double gflops = median == 0 ? 0 : op.flops(n) / median;
      double speedup = naiveMedian == 0 || median == 0 ? 0 : (double) naiveMedian / median;
      results.add(new RaceResult(op.wireName(), k.variant(), n, true, median, (Long) t[2], gflops, speedup, (String) t[3]));
    }
    return results;
  }

  private Histogram time(Workload w, Kernel k) {
    Histogram h = new Histogram(3_600_000_000_000L, 3);
    long warmupEnd = System.nanoTime() + timeBudgetNanos / 3;
    int runs = 0;
    while (System.nanoTime() < warmupEnd || runs < 3) {
      w.run(k);
      runs++;
    }
    long end = System.nanoTime() + timeBudgetNanos;
    int measured = 0;
    while (System.nanoTime() < end || measured < 5) {
      long t0 = System.nanoTime();
      w.run(k);
      h.recordValue(Math.max(1, System.nanoTime() - t0));
      measured++;
    }
    return h;
  }

  /** Seeded inputs, the oracle's answer and the tolerance for one operation and size. */
  abstract static class Workload {
    static volatile double sink;

    abstract String oracle();

    /** "ok: …" or "FAIL: …". */
    abstract String verify(Kernel k);

    abstract void run(Kernel k);

    static Workload of(KernelOperation op, int n) {
      switch (op) {
        case DOT: return new Dot(n);
        case MATMUL: return new MatMul(n);
        case INTEGRATE: return new Integrate(n);
        default: return new Fft(n);
      }
    }
  }

  static final class Dot extends Workload {
    final double[] a;
    final double[] b;
    final double exact;
    final double scale;

    Dot(int n) {
      Random r = new Random(n);
      a = new double[n];
      b = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = r.nextDouble() * 2 - 1;
        b[i] = r.nextDouble() * 2 - 1;
      }
      double s = 0;
      double c = 0;
      double abs = 0;
      for (int i = 0; i < n; i++) {
        double y = a[i] * b[i] - c;
        double t = s + y;
        c = (t - s) - y;
        s = t;
        abs += Math.abs(a[i] * b[i]);
      }
      exact = s;
      scale = abs;
    }

    @Override
    String oracle() {
      return "naive";
    }

    @Override
    String verify(Kernel k) {
      double got = ((DotKernel) k).dot(a, b);
      double err = Math.abs(got - exact);
      double tol = 1e-15 * Math.max(1, a.length) * scale + 1e-300;
      return (err <= tol ? "ok: " : "FAIL: ") + String.format(Locale.ROOT, "error %.2e, tolerance %.2e", err, tol);
    }

    @Override
    void run(Kernel k) {
      sink = ((DotKernel) k).dot(a, b);
    }
  }

  static final class MatMul extends Workload {
    final int n;
    final double[] a;
    final double[] b;
    final double[] c;
    final double[] expected;
    final double[] bound;

    MatMul(int n) {
      this.n = n;
      Random r = new Random(n);
      a = new double[n * n];
      b = new double[n * n];
      for (int i = 0; i < a.length; i++) {
        a[i] = r.nextDouble() * 2 - 1;
        b[i] = r.nextDouble() * 2 - 1;
      }
      c = new double[n * n];
      expected = new double[n * n];
      bound = new double[n * n];
      new io.perfkit.kernels.variants.MatMulNaive().multiply(a, b, expected, n, n, n);
      double[] absA = Arrays.stream(a).map(Math::abs).toArray();
      double[] absB = Arrays.stream(b).map(Math::abs).toArray();
      new io.perfkit.kernels.variants.MatMulIkj().multiply(absA, absB, bound, n, n, n);
    }

    @Override
    String oracle() {
      return "naive";
    }

    @Override
    String verify(Kernel k) {
      Arrays.fill(c, Double.NaN);
      ((MatMulKernel) k).multiply(a, b, c, n, n, n);
      double worst = 0;
      for (int i = 0; i < c.length; i++) {
        double err = Math.abs(c[i] - expected[i]);
        double tol = 1e-15 * n * bound[i] * 4 + 1e-300;
        if (!(err <= tol)) {
          return "FAIL: element " + i + " is " + c[i] + ", expected " + expected[i];
        }
        worst = Math.max(worst, err);
      }
      return "ok: " + String.format(Locale.ROOT, "max error %.2e", worst);
    }

    @Override
    void run(Kernel k) {
      ((MatMulKernel) k).multiply(a, b, c, n, n, n);
    }
  }

  static final class Integrate extends Workload {
    final int n;
    final Integrand f = Integrands.dampedSine();
    final double exact = Integrands.dampedSineIntegral(0, 10);

    Integrate(int n) {
      this.n = n;
    }

    @Override
    String oracle() {
      return "trapezoid";
    }

    @Override
    String verify(Kernel k) {
      double got = ((IntegrateKernel) k).integrate(f, 0, 10, n);
      double err = Math.abs(got - exact);
      double tol;
      switch (k.variant()) {
        case "simpson": tol = 2 * Math.pow(10, 5) / (180.0 * Math.pow(n, 4)) + 1e-12; break;
        case "adaptive": tol = 1e-8; break;
        default: tol = 2 * 1000.0 / (12.0 * (double) n * n) + 1e-12; break;
      }
      return (err <= tol ? "ok: " : "FAIL: ") + String.format(Locale.ROOT, "error %.2e, tolerance %.2e", err, tol);
    }

    @Override
    void run(Kernel k) {
      sink = ((IntegrateKernel) k).integrate(f, 0, 10, n);
    }
  }

  static final class Fft extends Workload {
    final int n;
    final double[] input;
    final double[] expected;
    final double[] work;
    final double mag;
    /** The input's real parts as a real signal, and that signal's spectrum. */
    final double[] realInput;
    final double[] realExpected;

    Fft(int n) {
      this.n = n;
      Random r = new Random(n);
      input = new double[2 * n];
      for (int i = 0; i < input.length; i++) {
        input[i] = r.nextDouble() * 2 - 1;
      }
      expected = reference(input, n);
      work = new double[2 * n];
      mag = Arrays.stream(input).map(Math::abs).sum();
      realInput = new double[n];
      double[] zeroImaginary = new double[2 * n];
      for (int i = 0; i < n; i++) {
        realInput[i] = input[2 * i];
        zeroImaginary[2 * i] = input[2 * i];
      }
      realExpected = reference(zeroImaginary, n);
    }

    /** The transform to check against: the O(n²) DFT up to 1024 points, the recursive FFT above. */
    static double[] reference(double[] x, int n) {
      double[] out = x.clone();
      if (n <= 1024) {
        dft(x, out, n);
      } else {
        new io.perfkit.kernels.variants.FftRecursive().forward(out);
      }
      return out;
    }

    static void dft(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        double re = 0;
        double im = 0;
        for (int j = 0; j < n; j++) {
          double angle = -2 * Math.PI * ((long) j * k % n) / n;
          double c = Math.cos(angle);
          double s = Math.sin(angle);
          re += x[2 * j] * c - x[2 * j + 1] * s;
          im += x[2 * j] * s + x[2 * j + 1] * c;
        }
        out[2 * k] = re;
        out[2 * k + 1] = im;
      }
    }

    @Override
    String oracle() {
      return "recursive";
    }

    @Override
    String verify(Kernel k) {
      FftKernel f = (FftKernel) k;
      if (!f.supportsLength(n)) {
        return "ok: length not supported";
      }
      System.arraycopy(input, 0, work, 0, work.length);
      f.forward(work);
      double tol = 1e-12 * Math.max(1, 31 - Integer.numberOfLeadingZeros(n)) * mag;
      double worst = 0;
      for (int i = 0; i < work.length; i++) {
        double err = Math.abs(work[i] - expected[i]);
        if (!(err <= tol)) {
          return "FAIL: output " + i + " is " + work[i] + ", expected " + expected[i];
        }
        worst = Math.max(worst, err);
      }
      f.inverse(work);
      int bad = firstMismatch(work, input, tol);
      if (bad >= 0) {
        return "FAIL: inverse(forward(x)) differs from x at " + bad;
      }
      double[] spectrum = RealFft.forward(f, realInput);
      bad = firstMismatch(spectrum, realExpected, tol);
      if (bad >= 0) {
        return "FAIL: real-input output " + bad + " is " + spectrum[bad] + ", expected " + realExpected[bad];
      }
      bad = firstMismatch(RealFft.inverse(f, spectrum), realInput, tol);
      if (bad >= 0) {
        return "FAIL: real inverse(real forward(x)) differs from x at " + bad;
      }
      return "ok: " + String.format(Locale.ROOT, "max error %.2e", worst);
    }

    /** The first index where {@code got} is further than {@code tol} from {@code want} (NaN is), or −1. */
    private static int firstMismatch(double[] got, double[] want, double tol) {
      for (int i = 0; i < want.length; i++) {
        if (!(Math.abs(got[i] - want[i]) <= tol)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    void run(Kernel k) {
      System.arraycopy(input, 0, work, 0, work.length);
      ((FftKernel) k).forward(work);
    }
  }

  /** The results as a text table. */
  public static String table(List<RaceResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-10s %-10s %10s %-8s %14s %14s %9s %9s%n", "operation", "variant", "n",
        "verified", "median", "p99", "GFLOP/s", "speedup"));
    for (RaceResult r : results) {
      sb.append(String.format(Locale.ROOT, "%-10s %-10s %10d %-8s %14s %14s %9.2f %8.2fx%n", r.operation(), r.variant(),
          r.n(), r.verified() ? "yes" : "FAILED", r.verified() ? nanos(r.medianNs()) : "-", r.verified() ? nanos(r.p99Ns()) : "-",
          r.gflops(), r.speedupVsNaive()));
    }
    return sb.toString();
  }

  private static String nanos(long ns) {
    if (ns >= 1_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }
    if (ns >= 1_000) {
      return String.format(Locale.ROOT, "%.2f µs", ns / 1e3);
    }
    return ns + " ns";
  }
}
