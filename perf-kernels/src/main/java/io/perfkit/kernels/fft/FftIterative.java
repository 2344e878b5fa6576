package io.perfkit.kernels.fft;

import io.perfkit.kernels.internal.Checks;

/** In place: bit reversal, then radix-2 stages over a precomputed table of exact twiddles. */
public final class FftIterative extends FftBase {
  @Override
  public String variant() {
    return "iterative";
  }

  @Override
  public String description() {
    return "iterative radix-2, bit reversal, precomputed twiddle table";
  }

  @Override
  public void forward(double[] data) {
    int n = Checks.fft(data, false);
    transform(data, n);
  }

  static void transform(double[] data, int n) {
    bitReverse(data, n);
    double[] tw = twiddles(n);
    for (int len = 2; len <= n; len <<= 1) {
      stage(data, n, len, tw, 0, n / len);
    }
  }
}
