package io.perfkit.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.DotKernel;
import io.perfkit.api.kernel.FftKernel;
import io.perfkit.api.kernel.Integrand;
import io.perfkit.api.kernel.IntegrateKernel;
import io.perfkit.api.kernel.Kernel;
import io.perfkit.api.kernel.KernelOperation;
import io.perfkit.api.kernel.MatMulKernel;
import io.perfkit.api.spi.SpiLoader;
import io.perfkit.kernels.fft.FftWorkload;
import io.perfkit.kernels.internal.Integrands;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every variant, ours and the test's third-party one, against its oracle on seeded random inputs
 * of awkward sizes (0, 1, odd, prime, not multiples of the vector length or block size). Runs
 * with and without {@code --add-modules jdk.incubator.vector}.
 */
final class KernelsTest {

  static final SpiLoader<Kernel> ALL = Kernel.installed();
  static final boolean EXPECT_VECTOR = !"false".equals(System.getProperty("perfkit.expectVectorModule"));

  static Stream<Kernel> variants(KernelOperation op) {
    return ALL.all().stream().filter(k -> k.operation() == op);
  }

  static Stream<Kernel> dots() {
    return variants(KernelOperation.DOT);
  }

  static Stream<Kernel> matmuls() {
    return variants(KernelOperation.MATMUL);
  }

  static Stream<Kernel> integrators() {
    return variants(KernelOperation.INTEGRATE);
  }

  static Stream<Kernel> ffts() {
    return variants(KernelOperation.FFT);
  }

  private static boolean runnable(Kernel k) {
    if (k.variant().equals("simd")) {
      assertEquals(!EXPECT_VECTOR, k.unavailableReason().isPresent(), k.key() + ": " + k.unavailableReason());
    }
    return k.unavailableReason().isEmpty();
  }

  @Test
  void everyNamedVariantIsInstalled() {
    for (String key : List.of("dot/naive", "dot/unrolled", "dot/parallel", "dot/simd", "matmul/naive", "matmul/ikj",
        "matmul/blocked", "matmul/simd", "matmul/parallel", "integrate/trapezoid", "integrate/simpson",
        "integrate/parallel", "integrate/simd", "integrate/adaptive", "fft/recursive", "fft/iterative", "fft/parallel",
        "fft/bluestein", "fft/simd", "dot/third-party")) {
      assertTrue(ALL.find(key).isPresent(), key + " missing from " + ALL.names());
    }
  }

  @ParameterizedTest
  @MethodSource("dots")
  void dot_matchesTheCompensatedSum(Kernel k) {
    if (!runnable(k)) {
      return;
    }
    DotKernel dot = (DotKernel) k;
    Random r = new Random(1);
    for (int n : new int[] {0, 1, 2, 3, 7, 8, 13, 17, 31, 97, 1000, 1023, 65_537, 200_003}) {
      double[] a = r.doubles(n, -1, 1).toArray();
      double[] b = r.doubles(n, -1, 1).toArray();
      double exact = kahan(a, b);
      double abs = 0;
      for (int i = 0; i < n; i++) {
        abs += Math.abs(a[i] * b[i]);
      }
      assertEquals(exact, dot.dot(a, b), 1e-15 * Math.max(1, n) * abs + 1e-300, k.key() + " n=" + n);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dot.dot(new double[3], new double[4]));
    assertTrue(e.getMessage().contains("3") && e.getMessage().contains("4"), e.getMessage());
  }

  private static double kahan(double[] a, double[] b) {
    double s = 0;
    double c = 0;
    for (int i = 0; i < a.length; i++) {
      double y = a[i] * b[i] - c;
      double t = s + y;
      c = (t - s) - y;
      s = t;
    }
    return s;
  }

  @ParameterizedTest
  @MethodSource("matmuls")
  void matmul_matchesNaive_forAnyShape(Kernel k) {
    if (!runnable(k)) {
      return;
    }
    MatMulKernel mm = (MatMulKernel) k;
    Random r = new Random(2);
    // the last three are big enough for the parallel variant to split them: by columns (odd
    // widths, so the last chunk is narrow), and by rows when n is too narrow for column chunks
    int[][] shapes = {{0, 0, 0}, {1, 1, 1}, {1, 5, 1}, {3, 1, 4}, {5, 7, 3}, {17, 13, 19}, {4, 300, 33}, {67, 65, 71},
        {130, 257, 9}, {131, 140, 150}, {201, 97, 173}, {400, 300, 20}};
    for (int[] s : shapes) {
      int m = s[0];
      int kk = s[1];
      int n = s[2];
      double[] a = r.doubles((long) m * kk, -1, 1).toArray();
      double[] b = r.doubles((long) kk * n, -1, 1).toArray();
      double[] expected = new double[m * n];
      double[] got = new double[m * n];
      Arrays.fill(got, Double.NaN);
      new io.perfkit.kernels.matmul.MatMulNaive().multiply(a, b, expected, m, kk, n);
      mm.multiply(a, b, got, m, kk, n);
      assertClose(expected, got, 1e-13 * Math.max(1, kk), k.key() + " " + Arrays.toString(s));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> mm.multiply(new double[6], new double[6], new double[4], 2, 3, 3));
    assertTrue(e.getMessage().contains("m×n=6"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("integrators")
  void integrate_matchesTheClosedForm_withinTheMethodsBound(Kernel k) {
    if (!runnable(k)) {
      return;
    }
    IntegrateKernel in = (IntegrateKernel) k;
    double exact = Integrands.dampedSineIntegral(0, 10);
    for (int n : new int[] {2, 3, 7, 100, 1001, 100_000, 1_000_003}) {
      if (k.variant().equals("adaptive") && n < 5) {
        assertThrows(IllegalArgumentException.class, () -> in.integrate(Integrands.dampedSine(), 0, 10, n));
        continue;
      }
      double got = in.integrate(Integrands.dampedSine(), 0, 10, n);
      double tol = k.variant().equals("simpson") ? 2e5 / (180.0 * Math.pow(n, 4)) + 1e-12
          : k.variant().equals("adaptive") ? (n < 1000 ? 1 : 1e-8) : 2000.0 / (12.0 * n * (double) n) + 1e-12;
      assertEquals(exact, got, tol, k.key() + " n=" + n);
    }
    assertEquals(-in.integrate(Integrands.dampedSine(), 0, 10, 1000), in.integrate(Integrands.dampedSine(), 10, 0, 1000), 1e-9);
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> in.integrate(Integrands.dampedSine(), Double.NaN, 1, 10));
    assertTrue(nan.getMessage().contains("a=NaN"), nan.getMessage());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> in.integrate(Integrands.dampedSine(), 0, 1, 0));
    assertEquals("number of intervals 0 must be positive", zero.getMessage());
  }

  @ParameterizedTest
  @MethodSource("integrators")
  void integrate_aPlainIntegrand_goesThroughTheBatchPath(Kernel k) {
    if (!runnable(k)) {
      return;
    }
    IntegrateKernel in = (IntegrateKernel) k;
    // no vector form: the SIMD rules evaluate it in batches, with a scalar tail
    Integrand square = Integrand.of(x -> x * x);
    for (int n : new int[] {1001, 100_003, 1_000_003}) {
      // the trapezoid rule's error for x² on [0, 3] is exactly 4.5/n²; Simpson's rules are exact
      double tol = 4.5 / ((double) n * n) + 1e-11;
      assertEquals(9.0, in.integrate(square, 0, 3, n), tol, k.key() + " n=" + n);
    }
  }

  @Test
  void convergenceOrder_trapezoidIsH2_simpsonIsH4() {
    IntegrateKernel trap = (IntegrateKernel) ALL.find("integrate/trapezoid").orElseThrow();
    IntegrateKernel simp = (IntegrateKernel) ALL.find("integrate/simpson").orElseThrow();
    double exact = Integrands.dampedSineIntegral(0, 10);
    double t1 = Math.abs(trap.integrate(Integrands.dampedSine(), 0, 10, 200) - exact);
    double t2 = Math.abs(trap.integrate(Integrands.dampedSine(), 0, 10, 400) - exact);
    double s1 = Math.abs(simp.integrate(Integrands.dampedSine(), 0, 10, 200) - exact);
    double s2 = Math.abs(simp.integrate(Integrands.dampedSine(), 0, 10, 400) - exact);
    assertEquals(4, t1 / t2, 0.2, "halving h quarters the trapezoid error");
    assertEquals(16, s1 / s2, 1.0, "halving h divides Simpson's error by 16");
    assertThrows(IllegalArgumentException.class, () -> simp.integrate(Integrands.dampedSine(), 0, 1, 1));
  }

  @ParameterizedTest
  @MethodSource("ffts")
  void fft_matchesTheDft_inverseRestores_andParsevalHolds(Kernel k) {
    if (!runnable(k)) {
      return;
    }
    FftKernel fft = (FftKernel) k;
    Random r = new Random(3);
    // 2^11 to 2^17 cross the thresholds of the tiled bit reversal (2^12, and odd and even bit
    // counts) and of the cache-blocked stages (blocks of 2^14, then one or two wider stages)
    int[] sizes = {1, 2, 4, 8, 64, 1024, 3, 5, 12, 97, 1000, 1 << 11, 1 << 12, 1 << 13, 1 << 15, 1 << 16, 1 << 17};
    for (int n : sizes) {
      if (!fft.supportsLength(n)) {
        double[] bad = new double[2 * n];
        assertThrows(IllegalArgumentException.class, () -> fft.forward(bad), k.key() + " n=" + n);
        continue;
      }
      double[] x = r.doubles(2L * n, -1, 1).toArray();
      double[] expected = FftWorkload.reference(x, n);
      double[] got = x.clone();
      fft.forward(got);
      double tol = 1e-11 * Math.max(1, Math.log(n) / Math.log(2)) * Math.sqrt(n);
      assertClose(expected, got, tol, k.key() + " n=" + n);
      double energyTime = Arrays.stream(x).map(v -> v * v).sum();
      double energyFreq = Arrays.stream(got).map(v -> v * v).sum() / n;
      assertEquals(energyTime, energyFreq, 1e-9 * energyTime, "Parseval, " + k.key() + " n=" + n);
      fft.inverse(got);
      assertClose(x, got, tol, "inverse(forward(x)), " + k.key() + " n=" + n);
    }
    IllegalArgumentException odd = assertThrows(IllegalArgumentException.class, () -> fft.forward(new double[7]));
    assertTrue(odd.getMessage().contains("7"), odd.getMessage());
  }

  @ParameterizedTest
  @MethodSource("ffts")
  void realTransforms_matchTheComplexDft_andInvert(Kernel k) {
    if (!runnable(k)) {
      return;
    }
    FftKernel fft = (FftKernel) k;
    Random r = new Random(5);
    // even lengths take the half-length path (when the variant supports n/2), odd ones the full one
    for (int n : new int[] {1, 2, 3, 4, 6, 8, 10, 16, 30, 64, 97, 1000, 1024, 4096, 1 << 15}) {
      if (!fft.supportsLength(n)) {
        continue;
      }
      double[] x = r.doubles(n, -1, 1).toArray();
      double[] complex = new double[2 * n];
      for (int i = 0; i < n; i++) {
        complex[2 * i] = x[i];
      }
      double[] expected = FftWorkload.reference(complex, n);
      double[] got = Kernels.realForward(fft, x);
      double tol = 1e-11 * Math.max(1, Math.log(n) / Math.log(2)) * Math.sqrt(n);
      assertClose(expected, got, tol, k.key() + " real forward, n=" + n);
      double[] back = Kernels.realInverse(fft, got);
      assertClose(x, back, tol, k.key() + " real inverse, n=" + n);
      // a spectrum that no real signal has: the real parts of its complex inverse
      double[] spectrum = r.doubles(2L * n, -1, 1).toArray();
      double[] full = spectrum.clone();
      fft.inverse(full);
      double[] realParts = new double[n];
      for (int i = 0; i < n; i++) {
        realParts[i] = full[2 * i];
      }
      assertClose(realParts, Kernels.realInverse(fft, spectrum), tol, k.key() + " real part of the inverse, n=" + n);
    }
    IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
        () -> Kernels.realInverse(fft, new double[5]));
    assertTrue(odd.getMessage().contains("5"), odd.getMessage());
  }

  @Test
  void fft_ofAnImpulseIsFlat_andOfAConstantIsAnImpulse() {
    FftKernel fft = Kernels.fft();
    double[] impulse = new double[16];
    impulse[0] = 1;
    fft.forward(impulse);
    for (int k = 0; k < 8; k++) {
      assertEquals(1, impulse[2 * k], 1e-15);
      assertEquals(0, impulse[2 * k + 1], 1e-15);
    }
    double[] constant = Kernels.realForward(new double[] {2, 2, 2, 2, 2});
    assertEquals(10, constant[0], 1e-12);
    for (int i = 2; i < constant.length; i++) {
      assertEquals(0, constant[i], 1e-12);
    }
    assertEquals(List.of(2.0, 2.0, 2.0, 2.0, 2.0),
        Arrays.stream(Kernels.realInverse(constant)).map(v -> Math.round(v * 1e9) / 1e9).boxed().toList());
  }

  @Test
  void autoKernels_pickAVariantAndAgreeWithTheOracles() {
    Random r = new Random(4);
    double[] a = r.doubles(3000, -1, 1).toArray();
    double[] b = r.doubles(3000, -1, 1).toArray();
    assertEquals(kahan(a, b), Kernels.dot().dot(a, b), 1e-10);
    double[] c = new double[9];
    Kernels.matmul().multiply(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, c, 3, 3, 3);
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0), Arrays.stream(c).boxed().toList());
    assertEquals(Integrands.dampedSineIntegral(0, 10), Kernels.integrate().integrate(Integrands.dampedSine(), 0, 10, 100_000), 1e-6);
  }

  @Test
  void race_verifiesEveryVariantIncludingTheThirdParty_andTimesOnlyThoseThatPass() {
    Kernel broken = new DotKernel() {
      @Override
      public String variant() {
        return "broken";
      }

      @Override
      public String description() {
        return "off by one";
      }

      @Override
      public double dot(double[] x, double[] y) {
        return ((DotKernel) ALL.find("dot/naive").orElseThrow()).dot(x, y) + 1;
      }
    };
    List<Kernel> kernels = new java.util.ArrayList<>(ALL.all());
    kernels.add(broken);
    List<RaceResult> results = KernelRace.of(SpiLoader.of(Kernel.class, Kernel::key, kernels),
        Map.of(KernelOperation.DOT, new long[] {1001}), 20).run();
    RaceResult third = results.stream().filter(x -> x.variant().equals("third-party")).findFirst().orElseThrow();
    assertTrue(third.verified() && third.medianNs() > 0 && third.speedupVsOracle() > 0, third.toString());
    RaceResult bad = results.stream().filter(x -> x.variant().equals("broken")).findFirst().orElseThrow();
    assertTrue(!bad.verified() && bad.medianNs() == 0 && bad.verification().toString().startsWith("FAIL: dot is"), bad.toString());
    RaceResult naive = results.stream().filter(x -> x.variant().equals("naive")).findFirst().orElseThrow();
    assertEquals(1.0, naive.speedupVsOracle(), 1e-9);
    assertTrue(KernelRace.table(results).contains("FAILED"));
  }

  /**
   * The race's reported work is what each call did: for integration, the evaluations an
   * instrumented integrand counts in a call of the test's own (an adaptive rule stops far short of
   * n, and its own report agrees); for the others, the arithmetic of the algorithm every variant
   * runs. No variant's rate is above the machine's measured peak.
   */
  @Test
  void race_reportsTheWorkEachVariantDid_andNoRateAboveThePeak() {
    List<RaceResult> results = KernelRace.of(ALL, Map.of(KernelOperation.INTEGRATE, new long[] {1_000, 100_000},
        KernelOperation.DOT, new long[] {1_000}, KernelOperation.MATMUL, new long[] {64},
        KernelOperation.FFT, new long[] {1024}), 5).run();
    assertTrue(results.size() >= 10, results.toString());
    for (RaceResult r : results) {
      assertTrue(r.verified() && r.medianNs() > 0, r.toString());
      assertTrue(r.peakFlops() > 0 && !r.abovePeak() && r.ratePerSecond() <= r.peakFlops(), r.toString());
      if (r.operation() != KernelOperation.INTEGRATE) {
        assertEquals(r.operation().flops(r.n()), r.work(), 0, r.toString());
        continue;
      }
      IntegrateKernel k = (IntegrateKernel) ALL.find(r.key()).orElseThrow();
      java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
      Integrand f = Integrands.dampedSine();
      k.integrate(x -> {
        calls.incrementAndGet();
        return f.applyAsDouble(x);
      }, 0, 10, (int) r.n());
      assertEquals(calls.get(), r.work(), 0, "evaluations counted by the test, " + r);
      if (r.variant().equals("adaptive")) {
        var own = new io.perfkit.kernels.integrate.IntegrateAdaptive().integrateWithError(f, 0, 10, 1e-10, (int) r.n());
        assertEquals(calls.get(), own.evaluations(), "the adaptive rule's own count");
        assertTrue(r.n() < 10_000 || r.work() < r.n() / 10.0, "it stops at its tolerance: " + r);
      } else {
        assertEquals(r.n() + 1, r.work(), 0, "a fixed rule takes n + 1 points: " + r);
      }
    }
  }

  @Test
  void theOracleIsAPropertyOfTheOperation_andEveryOracleIsInstalled() {
    assertEquals("naive", KernelOperation.DOT.oracle());
    assertEquals("naive", KernelOperation.MATMUL.oracle());
    assertEquals("trapezoid", KernelOperation.INTEGRATE.oracle());
    assertEquals("recursive", KernelOperation.FFT.oracle());
    for (KernelOperation op : KernelOperation.values()) {
      Kernel oracle = ALL.find(op.wireName() + "/" + op.oracle()).orElseThrow();
      assertTrue(oracle.accuracy() instanceof Accuracy.Rounding || op == KernelOperation.INTEGRATE, oracle.key());
    }
  }

  /** A trapezoid rule that claims Simpson's order: the race holds it to the claim, not to its neighbours' bound. */
  @Test
  void aVariantIsHeldToTheAccuracyItDeclares() {
    IntegrateKernel trapezoid = (IntegrateKernel) ALL.find("integrate/trapezoid").orElseThrow();
    IntegrateKernel overclaiming = new IntegrateKernel() {
      @Override
      public String variant() {
        return "fast-simpson";
      }

      @Override
      public String description() {
        return "a trapezoid rule that claims fourth order";
      }

      @Override
      public Accuracy accuracy() {
        return Accuracy.convergence(4, 1.0 / 180);
      }

      @Override
      public double integrate(Integrand f, double a, double b, int n) {
        return trapezoid.integrate(f, a, b, n);
      }
    };
    DotKernel absoluteDot = new ThirdPartyDot() {
      @Override
      public Accuracy accuracy() {
        return Accuracy.absolute(1e-3);
      }
    };
    List<RaceResult> results = KernelRace.of(SpiLoader.of(Kernel.class, Kernel::key, List.of(trapezoid, overclaiming,
        absoluteDot)), Map.of(KernelOperation.INTEGRATE, new long[] {1000}, KernelOperation.DOT, new long[] {100}), 5).run();
    RaceResult honest = results.stream().filter(r -> r.variant().equals("trapezoid")).findFirst().orElseThrow();
    assertTrue(honest.verified(), honest.toString());
    RaceResult claim = results.stream().filter(r -> r.variant().equals("fast-simpson")).findFirst().orElseThrow();
    assertTrue(!claim.verified() && claim.verification().error() > claim.verification().tolerance(), claim.toString());
    assertTrue(claim.verification().tolerance() < 1e-8, "held to fourth order: " + claim.verification());
    RaceResult dot = results.stream().filter(r -> r.operation() == KernelOperation.DOT).findFirst().orElseThrow();
    assertTrue(!dot.verified() && dot.verification().detail().contains("does not apply to dot"), dot.toString());
    assertThrows(IllegalArgumentException.class, () -> Accuracy.convergence(0, 1));
    assertThrows(IllegalArgumentException.class, () -> Accuracy.absolute(Double.NaN));
  }

  private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tolerance, what + " at " + i);
    }
  }
}
