package io.perfkit.kernels.variants;

import io.perfkit.api.kernel.DotKernel;
import java.util.concurrent.RecursiveTask;

/**
 * Fork/join over chunks of the common pool; under {@value #THRESHOLD} elements it runs on the
 * calling thread (a fork costs more than it saves). Each chunk uses the SIMD kernel when the
 * Vector API is present, the unrolled one otherwise.
 */
public final class DotParallel implements DotKernel {

  static final int THRESHOLD = 1 << 16;

  @Override
  public String variant() {
    return "parallel";
  }

  @Override
  public String description() {
    return "fork/join over chunks, sequential under " + THRESHOLD + " elements";
  }

  @Override
  public double dot(double[] a, double[] b) {
    Checks.sameLength(a, b);
    if (a.length < THRESHOLD) {
      return chunk(a, b, 0, a.length);
    }
    return new Part(a, b, 0, a.length).invoke();
  }

  static double chunk(double[] a, double[] b, int from, int to) {
    return Vectors.unavailableReason().isEmpty() ? VectorKernels.dot(a, b, from, to) : DotUnrolled.range(a, b, from, to);
  }

  private static final class Part extends RecursiveTask<Double> {
    private static final long serialVersionUID = 1L;
    private final double[] a;
    private final double[] b;
    private final int from;
    private final int to;

    Part(double[] a, double[] b, int from, int to) {
      this.a = a;
      this.b = b;
      this.from = from;
      this.to = to;
    }

    @Override
    protected Double compute() {
      if (to - from <= THRESHOLD) {
        return chunk(a, b, from, to);
      }
      int mid = (from + to) >>> 1;
      Part left = new Part(a, b, from, mid);
      left.fork();
      double right = new Part(a, b, mid, to).compute();
      return left.join() + right;
    }
  }
}
