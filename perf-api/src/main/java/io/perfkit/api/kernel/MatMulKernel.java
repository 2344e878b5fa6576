package io.perfkit.api.kernel;

/** Dense matrix product C = A·B over row-major {@code double} arrays. */
public interface MatMulKernel extends Kernel {

  @Override
  default KernelOperation operation() {
    return KernelOperation.MATMUL;
  }

  /**
   * Writes A·B into {@code c}, overwriting it. A is m×k, B is k×n, C is m×n, all row-major.
   *
   * @throws IllegalArgumentException when a dimension is negative or an array's length is not
   *     the product of its dimensions, naming them
   */
  void multiply(double[] a, double[] b, double[] c, int m, int k, int n);
}
