package io.perfkit.kernels;

import io.perfkit.api.kernel.Kernel;
import io.perfkit.api.kernel.KernelOperation;
import io.perfkit.api.spi.SpiLoader;
import io.perfkit.kernels.dot.DotWorkload;
import io.perfkit.kernels.fft.FftWorkload;
import io.perfkit.kernels.integrate.IntegrateWorkload;
import io.perfkit.kernels.internal.Workload;
import io.perfkit.kernels.matmul.MatMulWorkload;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Every kernel found by {@link java.util.ServiceLoader} (ours and third-party ones) is first
 * verified against its operation's {@linkplain KernelOperation#oracle() oracle} on seeded
 * inputs, within the tolerance its declared {@linkplain Kernel#accuracy() accuracy} gives, and
 * only then timed, with warm-up and repeated measurement recorded in an HdrHistogram. A variant
 * that fails verification is reported as failed and not timed. Each operation's package holds
 * its workload, which says what is checked and how the tolerance follows from the accuracy
 * ({@code DotWorkload}, {@code MatMulWorkload}, {@code IntegrateWorkload}, {@code FftWorkload}).
 *
 * <p>Timing is for information: tests assert correctness only.
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
    return new KernelRace(Kernel.installed(), quickSizes(), 150_000_000L);
  }

  /** The installed kernels at full sizes. */
  public static KernelRace full() {
    Map<KernelOperation, long[]> s = new LinkedHashMap<>();
    s.put(KernelOperation.DOT, new long[] {1000, 1_000_000, 10_000_000});
    s.put(KernelOperation.MATMUL, new long[] {64, 256, 512});
    s.put(KernelOperation.INTEGRATE, new long[] {10_000, 10_000_000});
    s.put(KernelOperation.FFT, new long[] {1 << 10, 1 << 16, 1 << 20});
    return new KernelRace(Kernel.installed(), s, 1_000_000_000L);
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

  /** A variant that passed, with its timing, before the oracle's median is known. */
  private record Timed(Kernel kernel, Verification verification, long medianNs, long p99Ns) {}

  private List<RaceResult> race(KernelOperation op, List<Kernel> variants, int n) {
    Workload w = workload(op, n);
    List<RaceResult> results = new ArrayList<>();
    long oracleMedian = 0;
    List<Timed> timed = new ArrayList<>();
    for (Kernel k : variants) {
      if (!w.supports(k)) {
        continue;
      }
      Verification v;
      try {
        v = w.verify(k);
      } catch (RuntimeException ex) {
        v = Verification.failed("threw " + ex);
      }
      if (!v.passed()) {
        results.add(new RaceResult(op, k.variant(), n, v, 0, 0, 0, 0));
        continue;
      }
      Histogram h = time(w, k);
      long median = h.getValueAtPercentile(50);
      if (k.variant().equals(op.oracle())) {
        oracleMedian = median;
      }
      timed.add(new Timed(k, v, median, h.getValueAtPercentile(99)));
    }
    for (Timed t : timed) {
      double gflops = t.medianNs() == 0 ? 0 : op.flops(n) / t.medianNs();
      double speedup = oracleMedian == 0 || t.medianNs() == 0 ? 0 : (double) oracleMedian / t.medianNs();
      results.add(new RaceResult(op, t.kernel().variant(), n, t.verification(), t.medianNs(), t.p99Ns(), gflops, speedup));
    }
    return results;
  }

  /** The seeded inputs and check for one operation at one size. */
  static Workload workload(KernelOperation op, int n) {
    switch (op) {
      case DOT: return new DotWorkload(n);
      case MATMUL: return new MatMulWorkload(n);
      case INTEGRATE: return new IntegrateWorkload(n);
      case FFT: return new FftWorkload(n);
      default: throw new IllegalArgumentException("no workload for " + op);
    }
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

  /** The results as a text table. */
  public static String table(List<RaceResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-10s %-10s %10s %-8s %14s %14s %9s %9s%n", "operation", "variant", "n",
        "verified", "median", "p99", "GFLOP/s", "vs oracle"));
    for (RaceResult r : results) {
      sb.append(String.format(Locale.ROOT, "%-10s %-10s %10d %-8s %14s %14s %9.2f %8.2fx%n", r.operation().wireName(), r.variant(),
          r.n(), r.verified() ? "yes" : "FAILED", r.verified() ? nanos(r.medianNs()) : "-", r.verified() ? nanos(r.p99Ns()) : "-",
          r.gflops(), r.speedupVsOracle()));
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
