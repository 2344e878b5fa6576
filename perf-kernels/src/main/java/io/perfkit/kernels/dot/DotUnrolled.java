package io.perfkit.kernels.dot;

import io.perfkit.api.kernel.DotKernel;
import io.perfkit.kernels.internal.Checks;

/** Four independent accumulators, so the additions pipeline instead of waiting on each other. */
public final class DotUnrolled implements DotKernel {
  @Override
  public String variant() {
    return "unrolled";
  }

  @Override
  public String description() {
    return "4-way unrolled with independent accumulators";
  }

  @Override
  public double dot(double[] a, double[] b) {
    Checks.sameLength(a, b);
    return range(a, b, 0, a.length);
  }

  static double range(double[] a, double[] b, int from, int to) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    for (; i + 3 < to; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < to; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
