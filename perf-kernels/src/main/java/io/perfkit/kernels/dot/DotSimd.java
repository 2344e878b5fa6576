package io.perfkit.kernels.dot;

import io.perfkit.api.kernel.DotKernel;
import io.perfkit.kernels.internal.Checks;
import io.perfkit.kernels.internal.VectorKernels;
import io.perfkit.kernels.internal.Vectors;
import java.util.Optional;

/**
 * Vector API fused multiply-add over the widest species, two vector accumulators. This provider
 * class never touches vector classes itself; {@link VectorKernels} does, and is loaded only when
 * the module is present.
 */
public final class DotSimd implements DotKernel {
  @Override
  public String variant() {
    return "simd";
  }

  @Override
  public String description() {
    return "Vector API FMA, two vector accumulators";
  }

  @Override
  public Optional<String> unavailableReason() {
    return Vectors.unavailableReason();
  }

  @Override
  public double dot(double[] a, double[] b) {
    Checks.sameLength(a, b);
    Vectors.require();
    return VectorKernels.dot(a, b, 0, a.length);
  }
}
