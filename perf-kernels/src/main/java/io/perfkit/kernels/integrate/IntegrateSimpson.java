package io.perfkit.kernels.integrate;

import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.Integrand;
import io.perfkit.api.kernel.IntegrateKernel;
import io.perfkit.kernels.internal.Checks;

/**
 * Composite Simpson's rule, error O(h⁴). Simpson needs pairs of intervals; for an odd n ≥ 3 the
 * last three intervals use Simpson's 3/8 rule, which has the same order, so n is never changed.
 * n = 1 is refused.
 */
public final class IntegrateSimpson implements IntegrateKernel {
  @Override
  public String variant() {
    return "simpson";
  }

  @Override
  public Accuracy accuracy() {
    return Accuracy.convergence(4, 1.0 / 180);
  }

  @Override
  public String description() {
    return "composite Simpson 1/3, 3/8 on the last three intervals when n is odd; O(h⁴)";
  }

  @Override
  public double integrate(Integrand f, double a, double b, int n) {
    Checks.bounds(a, b, n);
    if (n < 2) {
      throw new IllegalArgumentException("Simpson's rule needs at least 2 intervals; got n=" + n);
    }
    double h = (b - a) / n;
    int even = n % 2 == 0 ? n : n - 3;
    double s = f.applyAsDouble(a) + f.applyAsDouble(a + even * h);
    for (int i = 1; i < even; i++) {
      s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
    }
    double result = even == 0 ? 0 : s * h / 3;
    if (even != n) {
      double x0 = a + even * h;
      result += 3 * h / 8 * (f.applyAsDouble(x0) + 3 * f.applyAsDouble(x0 + h) + 3 * f.applyAsDouble(x0 + 2 * h)
          + f.applyAsDouble(b));
    }
    return result;
  }
}
