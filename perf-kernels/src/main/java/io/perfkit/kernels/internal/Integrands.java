package io.perfkit.kernels.internal;

import io.perfkit.api.kernel.Integrand;
import io.perfkit.kernels.internal.Vectors;

/** Integrands with known integrals, for verification and benchmarks. */
public final class Integrands {

  private Integrands() {}

  /**
   * sin(x)·e^(−0.1x), the reference workload on [0, 10]; with its vector form when the Vector API
   * is present.
   */
  public static Integrand dampedSine() {
    if (Vectors.unavailableReason().isEmpty()) {
      return new io.perfkit.kernels.internal.DampedSine();
    }
    return x -> Math.sin(x) * Math.exp(-0.1 * x);
  }

  /** ∫ sin(x)·e^(−0.1x) dx over [a, b], from its antiderivative −e^(−0.1x)(0.1·sin x + cos x)/1.01. */
  public static double dampedSineIntegral(double a, double b) {
    return antiderivative(b) - antiderivative(a);
  }

  private static double antiderivative(double x) {
    return -Math.exp(-0.1 * x) * (0.1 * Math.sin(x) + Math.cos(x)) / 1.01;
  }
}
