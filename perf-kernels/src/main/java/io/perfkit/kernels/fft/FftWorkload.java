package io.perfkit.kernels.fft;

import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.FftKernel;
import io.perfkit.api.kernel.Kernel;
import io.perfkit.api.kernel.KernelOperation;
import io.perfkit.kernels.Verification;
import io.perfkit.kernels.internal.Workload;
import java.util.Arrays;
import java.util.Random;

/**
 * A seeded complex signal of n points and its transform by an O(n²) DFT (n ≤ 1024) or by the
 * recursive oracle (larger n). A variant exact but for rounding must have every output within
 * 1e-12 · log₂ n · Σ|x|, and inverse(forward(x)) within the same of x; the same holds for the
 * half-length real-input transform built on it.
 */
public final class FftWorkload extends Workload {

  private final int n;
  private final double[] input;
  private final double[] expected;
  private final double[] work;
  private final double mag;
  /** The input's real parts as a real signal, and that signal's spectrum. */
  private final double[] realInput;
  private final double[] realExpected;

  public FftWorkload(int n) {
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
  public static double[] reference(double[] x, int n) {
    double[] out = x.clone();
    if (n <= 1024) {
      dft(x, out, n);
    } else {
      new FftRecursive().forward(out);
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
  public boolean supports(Kernel k) {
    return ((FftKernel) k).supportsLength(n);
  }

  @Override
  public Verification verify(Kernel k) {
    if (!(k.accuracy() instanceof Accuracy.Rounding)) {
      return unfit(k, k.accuracy(), "rounding");
    }
    FftKernel f = (FftKernel) k;
    System.arraycopy(input, 0, work, 0, work.length);
    f.forward(work);
    double tol = 1e-12 * Math.max(1, 31 - Integer.numberOfLeadingZeros(n)) * mag;
    double worst = 0;
    for (int i = 0; i < work.length; i++) {
      double err = Math.abs(work[i] - expected[i]);
      if (!(err <= tol)) {
        return Verification.failed("output " + i + " is " + work[i] + ", expected " + expected[i], err, tol);
      }
      worst = Math.max(worst, err);
    }
    f.inverse(work);
    int bad = firstMismatch(work, input, tol);
    if (bad >= 0) {
      return Verification.failed("inverse(forward(x)) differs from x at " + bad, worst, tol);
    }
    double[] spectrum = RealFft.forward(f, realInput);
    bad = firstMismatch(spectrum, realExpected, tol);
    if (bad >= 0) {
      return Verification.failed("real-input output " + bad + " is " + spectrum[bad] + ", expected "
          + realExpected[bad], worst, tol);
    }
    bad = firstMismatch(RealFft.inverse(f, spectrum), realInput, tol);
    if (bad >= 0) {
      return Verification.failed("real inverse(real forward(x)) differs from x at " + bad, worst, tol);
    }
    return Verification.passed(worst, tol);
  }

  /**
   * The radix-2 count, 5·n·log₂n, which every variant does at a power of two (Bluestein too: it
   * hands powers of two to the iterative kernel). At other lengths Bluestein does three
   * power-of-two transforms of m ≥ 2n−1 points, a complex product of m points and two of n, and
   * a scaling of n.
   */
  @Override
  public double work(Kernel k) {
    if (Integer.bitCount(n) == 1 || !(k instanceof FftBluestein)) {
      return KernelOperation.FFT.flops(n);
    }
    int m = Integer.highestOneBit(2 * n - 1) << 1;
    return 3 * KernelOperation.FFT.flops(m) + 6.0 * (2 * n + m) + 2.0 * n;
  }

  @Override
  public void run(Kernel k) {
    System.arraycopy(input, 0, work, 0, work.length);
    ((FftKernel) k).forward(work);
  }
}
