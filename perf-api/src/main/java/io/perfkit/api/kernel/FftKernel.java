package io.perfkit.api.kernel;

/**
 * In-place complex FFT over interleaved data: {@code data[2i]} is the real part and {@code
 * data[2i+1]} the imaginary part of point i, as JTransforms lays it out. The forward transform
 * is unscaled (X[k] = Σ x[j]·e^(−2πi·jk/n)); the inverse scales by 1/n, so
 * {@code inverse(forward(x)) == x} up to rounding.
 */
public interface FftKernel extends Kernel {

  @Override
  default KernelOperation operation() {
    return KernelOperation.FFT;
  }

  /** True when this variant transforms {@code n} complex points (radix-2 variants: powers of two). */
  default boolean supportsLength(int n) {
    return n >= 1 && Integer.bitCount(n) == 1;
  }

  /**
   * Forward transform in place.
   *
   * @throws IllegalArgumentException when {@code data.length} is odd or its point count is not
   *     supported, naming the length
   */
  void forward(double[] data);

  /** Inverse transform in place, scaled by 1/n. */
  void inverse(double[] data);
}
