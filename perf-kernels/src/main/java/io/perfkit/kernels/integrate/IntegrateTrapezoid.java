package io.perfkit.kernels.integrate;

import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.Integrand;
import io.perfkit.api.kernel.IntegrateKernel;
import io.perfkit.kernels.internal.Checks;

/** The oracle: the composite trapezoid rule, error O(h²). */
public final class IntegrateTrapezoid implements IntegrateKernel {
  @Override
  public String variant() {
    return "trapezoid";
  }

  @Override
  public Accuracy accuracy() {
    return Accuracy.convergence(2, 1.0 / 12);
  }

  @Override
  public String description() {
    return "composite trapezoid rule, O(h²)";
  }

  @Override
  public double integrate(Integrand f, double a, double b, int n) {
    Checks.bounds(a, b, n);
    return range(f, a, b, n, 1, n - 1) + 0.5 * (f.applyAsDouble(a) + f.applyAsDouble(b)) * ((b - a) / n);
  }

  /** h·Σ f(a + i·h) for i in [from, to]. */
  static double range(Integrand f, double a, double b, int n, int from, int to) {
    double h = (b - a) / n;
    double s = 0;
    for (int i = from; i <= to; i++) {
      s += f.applyAsDouble(a + i * h);
    }
    return s * h;
  }
}
