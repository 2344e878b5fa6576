package io.perfkit.kernels.matmul;

import io.perfkit.api.kernel.MatMulKernel;
import io.perfkit.kernels.internal.Checks;
import io.perfkit.kernels.internal.Chunks;
import io.perfkit.kernels.internal.VectorKernels;
import io.perfkit.kernels.internal.Vectors;

/**
 * The fastest single-thread kernel on the calling thread and the common pool's workers: the SIMD
 * kernel over blocks of columns (each chunk packs only its own panels of B), or the blocked kernel
 * over blocks of rows without the Vector API; small products run on the calling thread. Chunks
 * are claimed as threads come free ({@link Chunks}).
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
    // below these the hand-off costs more than the second core saves (measured break-even:
    // 128³ for the SIMD kernel, which is 55 µs there; the blocked kernel is 10× slower)
    if ((long) m * k * n < (simd ? 128L * 128 * 128 : 64L * 64 * 64)) {
      rows(simd, a, b, c, m, k, n, 0, m);
      return;
    }
    if (simd && n >= 2 * VectorKernels.NR) {
      // split by columns: each chunk packs only its own panels of B, so none is packed twice;
      // two chunks a thread, so a helper that wakes late still gets a share
      int span = 2 * Chunks.threads() * VectorKernels.NR;
      int width = (n + span - 1) / span * VectorKernels.NR;
      Chunks.run((n + width - 1) / width, ch ->
          VectorKernels.matmul(a, b, c, m, k, n, 0, m, ch * width, Math.min(n, (ch + 1) * width)));
      return;
    }
    int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    Chunks.run(tasks, t -> rows(simd, a, b, c, m, k, n, t * ROWS_PER_TASK, Math.min(m, (t + 1) * ROWS_PER_TASK)));
  }

  private static void rows(boolean simd, double[] a, double[] b, double[] c, int m, int k, int n, int from, int to) {
    if (simd) {
      VectorKernels.matmul(a, b, c, m, k, n, from, to);
    } else {
      MatMulBlocked.rows(a, b, c, k, n, from, to);
    }
  }
}
