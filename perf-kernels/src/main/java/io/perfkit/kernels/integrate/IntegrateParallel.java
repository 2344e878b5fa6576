package io.perfkit.kernels.integrate;

import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.Integrand;
import io.perfkit.api.kernel.IntegrateKernel;
import io.perfkit.kernels.internal.Checks;
import io.perfkit.kernels.internal.Chunks;
import io.perfkit.kernels.internal.VectorKernels;
import io.perfkit.kernels.internal.Vectors;

/**
 * The trapezoid rule with the interior split into chunks shared by the calling thread and the
 * common pool ({@link Chunks}); each chunk runs the SIMD rule when the Vector API is present, the
 * scalar one otherwise. Sequential when small; partial sums are added in chunk order
 * ({@link Chunks#sum}).
 */
public final class IntegrateParallel implements IntegrateKernel {

  static final int CHUNK = 1 << 15;

  @Override
  public String variant() {
    return "parallel";
  }

  @Override
  public Accuracy accuracy() {
    return Accuracy.convergence(2, 1.0 / 12);
  }

  @Override
  public String description() {
    return "trapezoid rule (SIMD where available), chunks of " + CHUNK + " points on all cores";
  }

  @Override
  public double integrate(Integrand f, double a, double b, int n) {
    Checks.bounds(a, b, n);
    double ends = 0.5 * (f.applyAsDouble(a) + f.applyAsDouble(b)) * ((b - a) / n);
    int interior = n - 1;
    boolean simd = Vectors.unavailableReason().isEmpty();
    if (interior < 2 * CHUNK) {
      return range(simd, f, a, b, n, 1, interior) + ends;
    }
    int chunks = (interior + CHUNK - 1) / CHUNK;
    return Chunks.sum(chunks, c -> range(simd, f, a, b, n, 1 + c * CHUNK, Math.min(interior, (c + 1) * CHUNK)))
        + ends;
  }

  /** h·Σ f(a + i·h) for i in [from, to]. */
  private static double range(boolean simd, Integrand f, double a, double b, int n, int from, int to) {
    if (!simd) {
      return IntegrateTrapezoid.range(f, a, b, n, from, to);
    }
    double h = (b - a) / n;
    return VectorKernels.sum(f, a, h, from, to) * h;
  }
}
