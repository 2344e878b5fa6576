package io.perfkit.kernels;

import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.DotKernel;
import io.perfkit.api.kernel.FftKernel;
import io.perfkit.api.kernel.Integrand;
import io.perfkit.api.kernel.IntegrateKernel;
import io.perfkit.api.kernel.MatMulKernel;
import io.perfkit.kernels.dot.DotParallel;
import io.perfkit.kernels.dot.DotSimd;
import io.perfkit.kernels.dot.DotUnrolled;
import io.perfkit.kernels.fft.FftBluestein;
import io.perfkit.kernels.fft.FftIterative;
import io.perfkit.kernels.fft.FftParallel;
import io.perfkit.kernels.fft.FftSimd;
import io.perfkit.kernels.fft.RealFft;
import io.perfkit.kernels.integrate.IntegrateParallel;
import io.perfkit.kernels.integrate.IntegrateSimd;
import io.perfkit.kernels.integrate.IntegrateTrapezoid;
import io.perfkit.kernels.internal.Vectors;
import io.perfkit.kernels.matmul.MatMulBlocked;
import io.perfkit.kernels.matmul.MatMulParallel;
import io.perfkit.kernels.matmul.MatMulSimd;

/**
 * One entry point per operation that picks the fastest verified variant for the size at hand,
 * so users get the speed without knowing the variants. The choice follows the race on this kind
 * of machine (2 cores, AVX-512; docs/benchmarks.md):
 *
 * <table>
 *   <caption>variant chosen</caption>
 *   <tr><th>operation</th><th>size</th><th>with the Vector API</th><th>without</th></tr>
 *   <tr><td>dot</td><td>n &lt; 2<sup>16</sup></td><td>simd</td><td>unrolled</td></tr>
 *   <tr><td>dot</td><td>n ≥ 2<sup>16</sup></td><td>parallel</td><td>parallel</td></tr>
 *   <tr><td>matmul</td><td>m·k·n &lt; 128³</td><td>simd</td><td>blocked</td></tr>
 *   <tr><td>matmul</td><td>larger</td><td>parallel</td><td>parallel</td></tr>
 *   <tr><td>integrate</td><td>n &lt; 2<sup>16</sup></td><td>simd</td><td>trapezoid</td></tr>
 *   <tr><td>integrate</td><td>n ≥ 2<sup>16</sup></td><td>parallel</td><td>parallel</td></tr>
 *   <tr><td>fft</td><td>power of two &lt; 2<sup>15</sup></td><td>simd</td><td>iterative</td></tr>
 *   <tr><td>fft</td><td>power of two ≥ 2<sup>15</sup></td><td colspan="2">parallel</td></tr>
 *   <tr><td>fft</td><td>any other length</td><td colspan="2">bluestein</td></tr>
 * </table>
 * The returned kernels are thread-safe.
 */
public final class Kernels {

  private static final boolean SIMD = Vectors.unavailableReason().isEmpty();

  private Kernels() {}

  /** Dot product, the fastest variant for each length. */
  public static DotKernel dot() {
    DotKernel small = SIMD ? new DotSimd() : new DotUnrolled();
    DotKernel large = new DotParallel();
    return new DotKernel() {
      @Override
      public String variant() {
        return "auto";
      }

      @Override
      public String description() {
        return "picks " + small.variant() + " or " + large.variant() + " by length";
      }

      @Override
      public double dot(double[] a, double[] b) {
        return (a.length < (1 << 16) ? small : large).dot(a, b);
      }
    };
  }

  /** Matrix multiply, the fastest variant for each size. */
  public static MatMulKernel matmul() {
    MatMulKernel small = SIMD ? new MatMulSimd() : new MatMulBlocked();
    MatMulKernel large = new MatMulParallel();
    return new MatMulKernel() {
      @Override
      public String variant() {
        return "auto";
      }

      @Override
      public String description() {
        return "picks " + small.variant() + " or " + large.variant() + " by size";
      }

      @Override
      public void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
        ((long) m * k * n < 128L * 128 * 128 ? small : large).multiply(a, b, c, m, k, n);
      }
    };
  }

  /** Integration by the trapezoid rule, the fastest variant for each size. */
  public static IntegrateKernel integrate() {
    IntegrateKernel small = SIMD ? new IntegrateSimd() : new IntegrateTrapezoid();
    IntegrateKernel large = new IntegrateParallel();
    return new IntegrateKernel() {
      @Override
      public String variant() {
        return "auto";
      }

      @Override
      public String description() {
        return "picks simd, trapezoid or parallel by size";
      }

      @Override
      public Accuracy accuracy() {
        return small.accuracy();
      }

      @Override
      public double integrate(Integrand f, double a, double b, int n) {
        return (n < (1 << 16) ? small : large).integrate(f, a, b, n);
      }
    };
  }

  /** Complex FFT of any length: radix-2 for powers of two, Bluestein otherwise. */
  public static FftKernel fft() {
    FftKernel small = SIMD ? new FftSimd() : new FftIterative();
    FftKernel large = new FftParallel();
    FftKernel any = new FftBluestein();
    return new FftKernel() {
      @Override
      public String variant() {
        return "auto";
      }

      @Override
      public String description() {
        return "picks simd (or iterative), parallel or bluestein by length";
      }

      @Override
      public boolean supportsLength(int n) {
        return n >= 1;
      }

      private FftKernel pick(double[] data) {
        int n = data.length / 2;
        if (Integer.bitCount(n) != 1) {
          return any;
        }
        return n < (1 << 15) ? small : large;
      }

      @Override
      public void forward(double[] data) {
        pick(data).forward(data);
      }

      @Override
      public void inverse(double[] data) {
        pick(data).inverse(data);
      }
    };
  }

  /**
   * The FFT of a real signal: the {@code n} complex outputs, interleaved (X[k] for k &gt; n/2
   * mirrors X[n−k]). An even length is transformed as n/2 complex points, half the work of the
   * complex transform; an odd one as the signal with zero imaginary parts.
   */
  public static double[] realForward(double[] signal) {
    return RealFft.forward(fft(), signal);
  }

  /** {@link #realForward(double[])} on a chosen variant, at any length that variant supports. */
  public static double[] realForward(FftKernel variant, double[] signal) {
    return RealFft.forward(variant, signal);
  }

  /**
   * The inverse of {@link #realForward}: the real parts of the inverse transform (for a spectrum
   * that is not conjugate-symmetric, the inverse of its conjugate-symmetric part).
   */
  public static double[] realInverse(double[] spectrum) {
    return RealFft.inverse(fft(), spectrum);
  }

  /** {@link #realInverse(double[])} on a chosen variant. */
  public static double[] realInverse(FftKernel variant, double[] spectrum) {
    return RealFft.inverse(variant, spectrum);
  }
}
