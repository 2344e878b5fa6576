package io.perfkit.kernels.matmul;

import io.perfkit.api.kernel.MatMulKernel;
import io.perfkit.kernels.internal.Checks;

/** The oracle: i-j-k, a dot product per element, walking B down a column (stride n). */
public final class MatMulNaive implements MatMulKernel {
  @Override
  public String variant() {
    return "naive";
  }

  @Override
  public String description() {
    return "i-j-k, column-stride inner loop";
  }

  @Override
  public void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
    Checks.matmul(a, b, c, m, k, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a[i * k + p] * b[p * n + j];
        }
        c[i * n + j] = s;
      }
    }
  }
}
