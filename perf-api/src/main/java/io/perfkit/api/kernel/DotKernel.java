package io.perfkit.api.kernel;

/** Dot product of two {@code double} vectors. */
public interface DotKernel extends Kernel {

  @Override
  default KernelOperation operation() {
    return KernelOperation.DOT;
  }

  /**
   * Σ a[i]·b[i]. Zero for empty vectors.
   *
   * @throws IllegalArgumentException when the lengths differ, naming both
   */
  double dot(double[] a, double[] b);
}
