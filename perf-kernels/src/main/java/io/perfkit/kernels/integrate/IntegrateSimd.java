package io.perfkit.kernels.integrate;

import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.Integrand;
import io.perfkit.api.kernel.IntegrateKernel;
import io.perfkit.kernels.internal.Checks;
import io.perfkit.kernels.internal.VectorKernels;
import io.perfkit.kernels.internal.Vectors;
import java.util.Optional;

/**
 * The trapezoid rule a vector of points at a time: integrands that offer a Vector API form
 * ({@link io.perfkit.kernels.VectorIntegrand}; sin and exp vectorize on x86) are evaluated
 * lane-wise; others through their batch form.
 */
public final class IntegrateSimd implements IntegrateKernel {
  @Override
  public String variant() {
    return "simd";
  }

  @Override
  public Accuracy accuracy() {
    return Accuracy.convergence(2, 1.0 / 12);
  }

  @Override
  public String description() {
    return "trapezoid rule, integrand evaluated lane-wise on the Vector API";
  }

  @Override
  public Optional<String> unavailableReason() {
    return Vectors.unavailableReason();
  }

  @Override
  public double integrate(Integrand f, double a, double b, int n) {
    Checks.bounds(a, b, n);
    Vectors.require();
    return VectorKernels.trapezoid(f, a, b, n);
  }
}
