package io.perfkit.api.kernel;

/** Numerical integration of a real function over [a, b]. */
public interface IntegrateKernel extends Kernel {

  @Override
  default KernelOperation operation() {
    return KernelOperation.INTEGRATE;
  }

  /**
   * The rule's accuracy: {@link Accuracy.Convergence} for a fixed rule of n intervals,
   * {@link Accuracy.Absolute} for an adaptive one. Every integration variant declares it, since
   * no default fits both.
   */
  @Override
  Accuracy accuracy();

  /**
   * ∫ f over [a, b] with {@code n} intervals (or, for adaptive variants, at most {@code n}
   * evaluations). a > b gives the negated integral.
   *
   * @throws IllegalArgumentException when a bound is NaN or infinite or {@code n ≤ 0}, naming it
   */
  double integrate(Integrand f, double a, double b, int n);
}
