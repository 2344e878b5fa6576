package io.perfkit.kernels.dot;

import io.perfkit.api.kernel.DotKernel;
import io.perfkit.kernels.internal.Checks;

/** The oracle: one accumulator, in order. */
public final class DotNaive implements DotKernel {
  @Override
  public String variant() {
    return "naive";
  }

  @Override
  public String description() {
    return "one accumulator, in index order";
  }

  @Override
  public double dot(double[] a, double[] b) {
    Checks.sameLength(a, b);
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
