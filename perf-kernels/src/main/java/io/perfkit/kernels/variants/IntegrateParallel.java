package io.perfkit.kernels.variants;

import io.perfkit.api.kernel.Integrand;
import io.perfkit.api.kernel.IntegrateKernel;
import java.util.stream.IntStream;

/** The trapezoid rule with the interior split into chunks on the common pool; sequential when small. */
public final class IntegrateParallel implements IntegrateKernel {

  static final int CHUNK = 1 << 15;

  @Override
  public String variant() {
    return "parallel";
  }

  @Override
  public String description() {
    return "trapezoid rule, chunks of " + CHUNK + " points on all cores";
  }

  @Override
  public double integrate(Integrand f, double a, double b, int n) {
    Checks.bounds(a, b, n);
    double ends = 0.5 * (f.applyAsDouble(a) + f.applyAsDouble(b)) * ((b - a) / n);
    int interior = n - 1;
    if (interior < 2 * CHUNK) {
      return IntegrateTrapezoid.range(f, a, b, n, 1, interior) + ends;
    }
    int chunks = (interior + CHUNK - 1) / CHUNK;
    double sum = IntStream.range(0, chunks).parallel()
        .mapToDouble(c -> IntegrateTrapezoid.range(f, a, b, n, 1 + c * CHUNK, Math.min(interior, (c + 1) * CHUNK)))
        .sum();
    return sum + ends;
  }
}
