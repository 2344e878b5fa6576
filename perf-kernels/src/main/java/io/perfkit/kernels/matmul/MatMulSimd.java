package io.perfkit.kernels.matmul;

import io.perfkit.api.kernel.MatMulKernel;
import io.perfkit.kernels.internal.Checks;
import io.perfkit.kernels.internal.VectorKernels;
import io.perfkit.kernels.internal.Vectors;
import java.util.Optional;

/**
 * A register-blocked micro-kernel on the Vector API: 4 rows × 2 vectors of C held in eight
 * registers while FMAs stream a packed panel of B and broadcasts of A.
 */
public final class MatMulSimd implements MatMulKernel {
  @Override
  public String variant() {
    return "simd";
  }

  @Override
  public String description() {
    return "Vector API 4×2-vector register-blocked micro-kernel over packed panels";
  }

  @Override
  public Optional<String> unavailableReason() {
    return Vectors.unavailableReason();
  }

  @Override
  public void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
    Checks.matmul(a, b, c, m, k, n);
    Vectors.require();
    VectorKernels.matmul(a, b, c, m, k, n, 0, m);
  }
}
