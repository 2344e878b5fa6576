package io.perfkit.kernels.dot;

import io.perfkit.api.kernel.DotKernel;
import io.perfkit.kernels.internal.Checks;
import io.perfkit.kernels.internal.Chunks;
import io.perfkit.kernels.internal.VectorKernels;
import io.perfkit.kernels.internal.Vectors;

/**
 * Chunks shared by the calling thread and the common pool ({@link Chunks}); under
 * {@value #THRESHOLD} elements it runs on the calling thread (a hand-off costs more than it
 * saves). Each chunk uses the SIMD kernel when the Vector API is present, the unrolled one
 * otherwise. The partial sums are added in chunk order ({@link Chunks#sum}).
 */
public final class DotParallel implements DotKernel {

  static final int THRESHOLD = 1 << 16;
  /** Chunks per thread: enough that a helper that wakes late still finds a share. */
  private static final int CHUNKS_PER_THREAD = 4;

  @Override
  public String variant() {
    return "parallel";
  }

  @Override
  public String description() {
    return "chunks on the caller and the common pool, sequential under " + THRESHOLD + " elements";
  }

  @Override
  public double dot(double[] a, double[] b) {
    Checks.sameLength(a, b);
    int length = a.length;
    if (length < THRESHOLD) {
      return chunk(a, b, 0, length);
    }
    int chunks = Math.min(Chunks.threads() * CHUNKS_PER_THREAD, length / (THRESHOLD / 2));
    return Chunks.sum(chunks, c ->
        chunk(a, b, (int) ((long) length * c / chunks), (int) ((long) length * (c + 1) / chunks)));
  }

  static double chunk(double[] a, double[] b, int from, int to) {
    return Vectors.unavailableReason().isEmpty()
        ? VectorKernels.dot(a, b, from, to)
        : DotUnrolled.range(a, b, from, to);
  }
}
