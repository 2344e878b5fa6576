package io.perfkit.kernels.integrate;

import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.Integrand;
import io.perfkit.api.kernel.IntegrateKernel;
import io.perfkit.api.kernel.Kernel;
import io.perfkit.kernels.Verification;
import io.perfkit.kernels.internal.CountingIntegrand;
import io.perfkit.kernels.internal.Integrands;
import io.perfkit.kernels.internal.Workload;

/**
 * ∫₀¹⁰ sin(x)·e^(−0.1x) dx against its closed form. Every derivative of this integrand is
 * bounded by about 1 on [0, 10], so a rule of order p with error constant C must be within
 * 2 · C · 10^(p+1) / n^p + 1e-12 (twice the bound, for the derivative's estimate); an adaptive
 * rule within its absolute bound.
 */
public final class IntegrateWorkload extends Workload {

  private static final double A = 0;
  private static final double B = 10;

  private final int n;
  private final Integrand f = Integrands.dampedSine();
  private final double exact = Integrands.dampedSineIntegral(A, B);

  public IntegrateWorkload(int n) {
    this.n = n;
  }

  /** The tolerance {@code accuracy} gives at {@code n} intervals over [0, 10], or NaN when it does not apply. */
  static double tolerance(Accuracy accuracy, int n) {
    if (accuracy instanceof Accuracy.Convergence c) {
      return 2 * c.constant() * Math.pow(B - A, c.order() + 1) / Math.pow(n, c.order()) + 1e-12;
    }
    if (accuracy instanceof Accuracy.Absolute abs) {
      return abs.bound();
    }
    return Double.NaN;
  }

  @Override
  public Verification verify(Kernel k) {
    double tol = tolerance(k.accuracy(), n);
    if (Double.isNaN(tol)) {
      return unfit(k, k.accuracy(), "convergence or absolute");
    }
    double got = ((IntegrateKernel) k).integrate(f, A, B, n);
    double err = Math.abs(got - exact);
    return err <= tol ? Verification.passed(err, tol)
        : Verification.failed("integral is " + got + ", exact " + exact, err, tol);
  }

  /**
   * The integrand evaluations one call does, counted through an instrumented integrand: an
   * adaptive rule stops when its estimate is good enough, far short of n.
   */
  @Override
  public double work(Kernel k) {
    CountingIntegrand counted = CountingIntegrand.of(f);
    ((IntegrateKernel) k).integrate(counted, A, B, n);
    return counted.evaluations();
  }

  @Override
  public void run(Kernel k) {
    sink = ((IntegrateKernel) k).integrate(f, A, B, n);
  }
}
