package io.perfkit.kernels.variants;

import io.perfkit.api.kernel.MatMulKernel;
import java.util.stream.IntStream;

/**
 * The fastest single-thread kernel (SIMD when present, blocked otherwise) over blocks of rows on
 * the common fork/join pool; small products run on the calling thread.
 */
public final class MatMulParallel implements MatMulKernel {

  static final int ROWS_PER_TASK = 32;

  @Override
  public String variant() {
    return "parallel";
  }

  @Override
  public String description() {
    return "row blocks of " + ROWS_PER_TASK + " on all cores, SIMD or blocked kernel";
  }

  @Override
  public void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
    Checks.matmul(a, b, c, m, k, n);
    boolean simd = Vectors.unavailableReason().isEmpty();
    if ((long) m * k * n < 64L * 64 * 64) {
      rows(simd, a, b, c, m, k, n, 0, m);
      return;
    }
    int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    IntStream.range(0, tasks).parallel().forEach(t ->
        rows(simd, a, b, c, m, k, n, t * ROWS_PER_TASK, Math.min(m, (t + 1) * ROWS_PER_TASK)));
  }

  private static void rows(boolean simd, double[] a, double[] b, double[] c, int m, int k, int n, int from, int to) {
    if (simd) {
      VectorKernels.matmul(a, b, c, m, k, n, from, to);
    } else {
      MatMulBlocked.rows(a, b, c, k, n, from, to);
    }
  }
}
