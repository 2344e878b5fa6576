package io.perfkit.kernels.fft;

import io.perfkit.kernels.internal.Checks;

/** The oracle: the textbook recursive Cooley–Tukey, allocating its halves, twiddles computed per use. */
public final class FftRecursive extends FftBase {
  @Override
  public String variant() {
    return "recursive";
  }

  @Override
  public String description() {
    return "recursive radix-2 Cooley–Tukey";
  }

  @Override
  public void forward(double[] data) {
    int n = Checks.fft(data, false);
    double[] out = fft(data, n);
    System.arraycopy(out, 0, data, 0, data.length);
  }

  private static double[] fft(double[] x, int n) {
    if (n == 1) {
      return new double[] {x[0], x[1]};
    }
    double[] even = new double[n];
    double[] odd = new double[n];
    for (int i = 0; i < n / 2; i++) {
      even[2 * i] = x[4 * i];
      even[2 * i + 1] = x[4 * i + 1];
      odd[2 * i] = x[4 * i + 2];
      odd[2 * i + 1] = x[4 * i + 3];
    }
    double[] e = fft(even, n / 2);
    double[] o = fft(odd, n / 2);
    double[] out = new double[2 * n];
    for (int k = 0; k < n / 2; k++) {
      double angle = -2 * Math.PI * k / n;
      double wr = Math.cos(angle);
      double wi = Math.sin(angle);
      double tr = o[2 * k] * wr - o[2 * k + 1] * wi;
      double ti = o[2 * k] * wi + o[2 * k + 1] * wr;
      out[2 * k] = e[2 * k] + tr;
      out[2 * k + 1] = e[2 * k + 1] + ti;
      out[2 * (k + n / 2)] = e[2 * k] - tr;
      out[2 * (k + n / 2) + 1] = e[2 * k + 1] - ti;
    }
    return out;
  }
}
