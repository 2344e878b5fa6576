package io.perfkit.kernels;

import io.perfkit.api.kernel.Kernel;
import io.perfkit.api.kernel.KernelOperation;
import io.perfkit.api.spi.SpiLoader;
import io.perfkit.kernels.dot.DotWorkload;
import io.perfkit.kernels.fft.FftWorkload;
import io.perfkit.kernels.integrate.IntegrateWorkload;
import io.perfkit.kernels.internal.Chunks;
import io.perfkit.kernels.internal.Peak;
import io.perfkit.kernels.internal.Workload;
import io.perfkit.kernels.matmul.MatMulWorkload;
import java.lang.System.Logger.Level;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
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
 * only then timed, recorded in an HdrHistogram. A variant that fails verification is reported
 * as failed and not timed. Each operation's package holds its workload, which says what is
 * checked, how the tolerance follows from the accuracy and what work a call does
 * ({@code DotWorkload}, {@code MatMulWorkload}, {@code IntegrateWorkload}, {@code FftWorkload}).
 *
 * <p>Timing as JMH does it: calls back to back, after a warm-up that lasts until the JIT has
 * stopped compiling (at least the budget, at most ten times it). Without that, the first
 * variant to reach a shared kernel (the parallel ones come first by name, and run the SIMD code
 * at small sizes) was timed in the interpreter, 30–100× slow. A sample is as many calls as take
 * {@value #MIN_SAMPLE_NANOS} ns, so the timer's own cost does not count; the median and p99 are
 * of the time a call takes within a sample. Rates count the work a call did ({@link
 * Workload#work}), and a rate above the machine's measured peak ({@link Peak}) is not shown.
 *
 * <p>Timing is for information: tests assert correctness and counts, not times.
 */
public final class KernelRace {

  private static final System.Logger LOG = System.getLogger(KernelRace.class.getName());
  /** The shortest sample: several calls of a kernel that takes less. */
  static final long MIN_SAMPLE_NANOS = 100_000;

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
    return new KernelRace(Kernel.installed(), quickSizes(), 300_000_000L);
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

  /**
   * These kernels at these sizes, {@code budgetMillis} of timing per variant and size, after a
   * warm-up of one to ten times that.
   */
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

  /**
   * Runs the race: one result per operation, variant and size, each with the machine's peak
   * measured before it (and measured again after, should a rate exceed it: the larger counts).
   */
  public List<RaceResult> run() {
    double first = Peak.flopsPerSecond();
    List<Measured> measured = new ArrayList<>();
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
        measured.addAll(race(op, variants, (int) n));
      }
    }
    double peak = measured.stream().anyMatch(m -> m.rate() > first) ? Math.max(first, Peak.flopsPerSecond()) : first;
    List<RaceResult> out = new ArrayList<>();
    for (Measured m : measured) {
      out.add(new RaceResult(m.op(), m.variant(), m.n(), m.verification(), m.medianNs(), m.p99Ns(), m.work(),
          m.speedup(), peak));
      if (m.rate() > peak) {
        LOG.log(Level.WARNING, m.op().wireName() + "/" + m.variant() + " at n=" + m.n() + ": " + m.work()
            + " units in " + m.medianNs() + " ns is above the measured peak of " + peak + " FLOP/s; not shown");
      }
    }
    return out;
  }

  /** A variant that passed, with its timing and work, before the oracle's rate is known. */
  private record Timed(Kernel kernel, Verification verification, long medianNs, long p99Ns, double work) {
    double rate() {
      return work * 1e9 / medianNs;
    }
  }

  /** One row before the peak is settled. */
  private record Measured(KernelOperation op, String variant, int n, Verification verification, long medianNs,
      long p99Ns, double work, double speedup) {
    double rate() {
      return medianNs == 0 ? 0 : work * 1e9 / medianNs;
    }
  }

  private List<Measured> race(KernelOperation op, List<Kernel> variants, int n) {
    Workload w = workload(op, n);
    List<Measured> results = new ArrayList<>();
    double oracleRate = 0;
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
        results.add(new Measured(op, k.variant(), n, v, 0, 0, 0, 0));
        continue;
      }
      Histogram h = time(w, k);
      Timed t = new Timed(k, v, h.getValueAtPercentile(50), h.getValueAtPercentile(99), w.work(k));
      if (k.variant().equals(op.oracle())) {
        oracleRate = t.rate();
      }
      timed.add(t);
    }
    for (Timed t : timed) {
      double speedup = oracleRate == 0 ? 0 : t.rate() / oracleRate;
      results.add(new Measured(op, t.kernel().variant(), n, t.verification(), t.medianNs(), t.p99Ns(), t.work(),
          speedup));
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

  /**
   * Warms {@code k} up until the JIT has been quiet for half the budget (at least the budget, at
   * most ten times it), growing the sample until it lasts {@value #MIN_SAMPLE_NANOS} ns, then
   * records the time a call takes in each sample for the budget (at least five samples).
   */
  private Histogram time(Workload w, Kernel k) {
    Histogram h = new Histogram(3_600_000_000_000L, 3);
    long start = System.nanoTime();
    long compiled = Jit.compileMillis();
    long quietSince = start;
    int calls = 1;
    while (true) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        w.run(k);
      }
      long now = System.nanoTime();
      if (now - t0 < MIN_SAMPLE_NANOS && calls < (1 << 24)) {
        calls *= 2;
      }
      long c = Jit.compileMillis();
      if (c != compiled) {
        compiled = c;
        quietSince = now;
      }
      boolean warm = now - start >= timeBudgetNanos && now - quietSince >= timeBudgetNanos / 2;
      if (warm || now - start >= 10 * timeBudgetNanos) {
        break;
      }
    }
    long end = System.nanoTime() + timeBudgetNanos;
    int samples = 0;
    while (System.nanoTime() < end || samples < 5) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        w.run(k);
      }
      h.recordValue(Math.max(1, (System.nanoTime() - t0) / calls));
      samples++;
    }
    return h;
  }

  /** The JIT's total compile time so far, or 0 when the JVM does not say (then warm-up is the budget). */
  private static final class Jit {
    private static final CompilationMXBean BEAN = bean();

    private static CompilationMXBean bean() {
      try {
        CompilationMXBean b = ManagementFactory.getCompilationMXBean();
        return b != null && b.isCompilationTimeMonitoringSupported() ? b : null;
      } catch (RuntimeException | LinkageError e) {
        return null;
      }
    }

    static long compileMillis() {
      return BEAN == null ? 0 : BEAN.getTotalCompilationTime();
    }
  }

  /**
   * The results as a text table, under a line with the peak they were checked against: times in
   * ns, µs or ms and rates to three significant digits, work per call in FLOP or integrand
   * evaluations, a rate above the peak as {@code above peak}.
   */
  public static String table(List<RaceResult> results) {
    StringBuilder sb = new StringBuilder();
    double peak = results.stream().mapToDouble(RaceResult::peakFlops).max().orElse(0);
    if (peak > 0) {
      sb.append("measured peak of this machine: ").append(Units.prefixed(peak, "FLOP/s"))
          .append(" (multiply-adds on ").append(Chunks.threads()).append(" threads); eval = one evaluation of the integrand")
          .append(System.lineSeparator());
    }
    String row = "%-10s %-11s %10s %-8s %10s %10s %12s %14s %9s%n";
    sb.append(String.format(Locale.ROOT, row, "operation", "variant", "n", "verified", "median", "p99", "work/call",
        "rate", "vs oracle"));
    for (RaceResult r : results) {
      sb.append(String.format(Locale.ROOT, row, r.operation().wireName(), r.variant(), String.format(Locale.ROOT, "%,d", r.n()),
          r.verified() ? "yes" : "FAILED", r.medianText(), r.p99Text(), r.workText(), r.rateText(), r.speedupText()));
    }
    for (RaceResult r : results) {
      if (r.abovePeak()) {
        sb.append(String.format(Locale.ROOT, "%s at n=%,d: %s in %s is above the measured peak; the count or the timing is wrong%n",
            r.key(), r.n(), r.workText(), r.medianText()));
      }
    }
    return sb.toString();
  }
}
