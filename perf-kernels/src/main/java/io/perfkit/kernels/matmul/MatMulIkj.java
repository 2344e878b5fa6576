package io.perfkit.kernels.matmul;

import io.perfkit.api.kernel.MatMulKernel;
import io.perfkit.kernels.internal.Checks;

/** i-k-j: the inner loop walks rows of B and C contiguously, which the JIT vectorizes. */
public final class MatMulIkj implements MatMulKernel {
  @Override
  public String variant() {
    return "ikj";
  }

  @Override
  public String description() {
    return "i-k-j, unit-stride inner loop";
  }

  @Override
  public void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
    Checks.matmul(a, b, c, m, k, n);
    rows(a, b, c, k, n, 0, m);
  }

  static void rows(double[] a, double[] b, double[] c, int k, int n, int from, int to) {
    java.util.Arrays.fill(c, from * n, to * n, 0);
    for (int i = from; i < to; i++) {
      int ci = i * n;
      for (int p = 0; p < k; p++) {
        double x = a[i * k + p];
        int bp = p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += x * b[bp + j];
        }
      }
    }
  }
}
