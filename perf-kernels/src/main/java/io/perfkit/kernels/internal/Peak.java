package io.perfkit.kernels.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.IntToDoubleFunction;

/**
 * The machine's measured floating-point peak: independent multiply-adds that never touch memory,
 * on as many threads as the parallel kernels use. No kernel can do useful work faster, so a
 * rate above it means the work or the time was counted wrong. The loop is plain Java that
 * HotSpot vectorizes to the same width as the Vector API's preferred species (both follow
 * {@code MaxVectorSize}); on the 2-core AVX-512 test machine it runs as fast as twelve
 * independent Vector API multiply-adds, 42 GFLOP/s a thread.
 */
public final class Peak {

  /**
   * Whether the CPU fuses multiply-add. Without it (x86 before 2013, or a JVM run with
   * {@code -XX:UseAVX=0}) HotSpot computes {@code fma} in software, hundreds of times slower
   * than a multiply and an add, so the loops use those instead.
   */
  public static final boolean FMA = hardwareFma();

  private static final double X = 0.999_999;
  private static final double Y = 1e-9;
  /** Each measured trial runs this long on every thread. */
  private static final long TRIAL_NANOS = 10_000_000L;
  private static final int TRIALS = 10;

  private Peak() {}

  private static boolean hardwareFma() {
    try {
      HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return vm == null || !"false".equals(vm.getVMOption("UseFMA").getValue());
    } catch (RuntimeException | LinkageError e) {
      // not HotSpot, or no management module: every x86-64 CPU since 2013 and every ARMv8 has FMA
      return true;
    }
  }

  /**
   * Floating-point operations a second on all the threads the parallel kernels use: that many
   * times the best single-thread rate over several short trials (about 0.2 s in all). Measuring
   * one thread and multiplying keeps the figure from falling when another process takes a core
   * for a moment, which would flag true rates; on a CPU whose threads share cores it errs high.
   */
  public static double flopsPerSecond() {
    double[] lanes = new double[256];
    return best(rounds -> loop(lanes, rounds)) * Chunks.threads();
  }

  /**
   * Eight multiply-adds in a chain on each of {@code v}'s elements, the elements independent:
   * HotSpot turns the inner loop into vector instructions and unrolls it, which gives the FMA
   * units independent work. Returns the floating-point operations done.
   */
  static double loop(double[] v, int rounds) {
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < v.length; i++) {
        double t = v[i];
        if (FMA) {
          t = Math.fma(Math.fma(Math.fma(Math.fma(t, X, Y), X, Y), X, Y), X, Y);
          t = Math.fma(Math.fma(Math.fma(Math.fma(t, X, Y), X, Y), X, Y), X, Y);
        } else {
          t = (((t * X + Y) * X + Y) * X + Y) * X + Y;
          t = (((t * X + Y) * X + Y) * X + Y) * X + Y;
        }
        v[i] = t;
      }
    }
    Workload.sink = v[0];
    return 2.0 * 8 * v.length * (double) rounds;
  }

  /** The best rate of {@code loop} (rounds → operations done) over the trials, on this thread. */
  private static double best(IntToDoubleFunction loop) {
    int rounds = 1;
    // until one call lasts most of a trial: the JIT compiles the loop on the way
    while (rounds < (1 << 30)) {
      long t0 = System.nanoTime();
      loop.applyAsDouble(rounds);
      if (System.nanoTime() - t0 >= TRIAL_NANOS / 2) {
        break;
      }
      rounds *= 2;
    }
    double best = 0;
    for (int t = 0; t < TRIALS; t++) {
      long t0 = System.nanoTime();
      double ops = loop.applyAsDouble(rounds);
      best = Math.max(best, ops * 1e9 / Math.max(1, System.nanoTime() - t0));
    }
    return best;
  }
}
