package io.perfkit.kernels.variants;

import io.perfkit.api.kernel.MatMulKernel;
import java.util.stream.IntStream;

/**
 * The fastest single-thread kernel on all cores of the common fork/join pool: the SIMD kernel
 * over blocks of columns (each task packs only its own panels of B), or the blocked kernel over
 * blocks of rows without the Vector API; small products run on the calling thread.
 */
public final class MatMulParallel implements MatMulKernel {

  static final int ROWS_PER_TASK = 32;

  @Override
  public String variant() {
    return "parallel";
  }

  @Override
  public String description() {
    return "SIMD kernel over column blocks (blocked kernel over row blocks without it) on all cores";
  }

  @Override
  public void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
    Checks.matmul(a, b, c, m, k, n);
    boolean simd = Vectors.unavailableReason().isEmpty();
    if ((long) m * k * n < 64L * 64 * 64) {
      rows(simd, a, b, c, m, k, n, 0, m);
      return;
    }
    if (simd && n >= 2 * VectorKernels.NR) {
      // split by columns: each task packs only its own panels of B, so none is packed twice
      int tasks = Math.min(Runtime.getRuntime().availableProcessors(), n / VectorKernels.NR);
      int per = ((n / tasks) + VectorKernels.NR - 1) / VectorKernels.NR * VectorKernels.NR;
      IntStream.range(0, tasks).parallel().forEach(t -> {
        int from = t * per;
        int to = t == tasks - 1 ? n : Math.min(n, (t + 1) * per);
        if (from < to) {
          VectorKernels.matmul(a, b, c, m, k, n, 0, m, from, to);
        }
      });
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
