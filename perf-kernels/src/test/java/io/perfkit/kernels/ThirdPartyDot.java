package io.perfkit.kernels;

import io.perfkit.api.kernel.DotKernel;

/** A "third-party" kernel registered by this test module's own META-INF/services file. */
public class ThirdPartyDot implements DotKernel {
  @Override
  public String variant() {
    return "third-party";
  }

  @Override
  public String description() {
    return "a plugin's pairwise dot product";
  }

  @Override
  public double dot(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
    }
    return pairwise(a, b, 0, a.length);
  }

  private static double pairwise(double[] a, double[] b, int from, int to) {
    if (to - from <= 16) {
      double s = 0;
      for (int i = from; i < to; i++) {
        s += a[i] * b[i];
      }
      return s;
    }
    int mid = (from + to) >>> 1;
    return pairwise(a, b, from, mid) + pairwise(a, b, mid, to);
  }
}
