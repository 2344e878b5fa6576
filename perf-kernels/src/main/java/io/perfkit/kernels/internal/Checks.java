package io.perfkit.kernels.internal;

import io.perfkit.api.Arguments;

/** Argument checks shared by the variants; every message names the values. */
public final class Checks {

  private Checks() {}

  public static void sameLength(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("dot product of vectors of different lengths: " + a.length + " and " + b.length);
    }
  }

  public static void matmul(double[] a, double[] b, double[] c, int m, int k, int n) {
    if (m < 0 || k < 0 || n < 0) {
      throw new IllegalArgumentException("matrix dimensions must not be negative: m=" + m + ", k=" + k + ", n=" + n);
    }
    if (a.length != (long) m * k || b.length != (long) k * n || c.length != (long) m * n) {
      throw new IllegalArgumentException("array lengths " + a.length + ", " + b.length + ", " + c.length
          + " do not match m×k=" + (long) m * k + ", k×n=" + (long) k * n + ", m×n=" + (long) m * n);
    }
  }

  public static void bounds(double a, double b, int n) {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      throw new IllegalArgumentException("integration bounds must be finite: a=" + a + ", b=" + b);
    }
    Arguments.positive("number of intervals", n);
  }

  /** Returns the number of complex points. */
  public static int fft(double[] data, boolean anyLength) {
    if (data.length % 2 != 0) {
      throw new IllegalArgumentException("interleaved complex data must have an even length; got " + data.length);
    }
    int n = data.length / 2;
    if (n == 0) {
      throw new IllegalArgumentException("FFT of zero points");
    }
    if (!anyLength && Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("radix-2 FFT needs a power-of-two number of points; got " + n
          + " (use the bluestein variant for any length)");
    }
    return n;
  }
}
