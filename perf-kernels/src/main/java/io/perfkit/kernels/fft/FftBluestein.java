package io.perfkit.kernels.fft;

import io.perfkit.kernels.internal.Checks;

/**
 * Any length, by Bluestein's chirp-z: the DFT of n points as a convolution with a chirp,
 * computed with power-of-two FFTs of length ≥ 2n−1. A power of two goes straight to the
 * iterative kernel.
 */
public final class FftBluestein extends FftBase {
  @Override
  public String variant() {
    return "bluestein";
  }

  @Override
  public String description() {
    return "Bluestein chirp-z: any length via power-of-two convolution";
  }

  @Override
  public boolean supportsLength(int n) {
    return n >= 1;
  }

  @Override
  boolean needsPowerOfTwo() {
    return false;
  }

  @Override
  public void forward(double[] data) {
    int n = Checks.fft(data, true);
    if (Integer.bitCount(n) == 1) {
      FftIterative.transform(data, n);
      return;
    }
    int m = Integer.highestOneBit(2 * n - 1) << 1;
    double[] chirp = new double[2 * n];
    for (int k = 0; k < n; k++) {
      // k² mod 2n keeps the angle small and exact
      long kk = ((long) k * k) % (2L * n);
      double angle = Math.PI * kk / n;
      chirp[2 * k] = Math.cos(angle);
      chirp[2 * k + 1] = -Math.sin(angle);
    }
    double[] a = new double[2 * m];
    for (int k = 0; k < n; k++) {
      double xr = data[2 * k];
      double xi = data[2 * k + 1];
      a[2 * k] = xr * chirp[2 * k] - xi * chirp[2 * k + 1];
      a[2 * k + 1] = xr * chirp[2 * k + 1] + xi * chirp[2 * k];
    }
    double[] b = new double[2 * m];
    b[0] = chirp[0];
    b[1] = -chirp[1];
    for (int k = 1; k < n; k++) {
      b[2 * k] = chirp[2 * k];
      b[2 * k + 1] = -chirp[2 * k + 1];
      b[2 * (m - k)] = chirp[2 * k];
      b[2 * (m - k) + 1] = -chirp[2 * k + 1];
    }
    FftIterative.transform(a, m);
    FftIterative.transform(b, m);
    for (int i = 0; i < m; i++) {
      double ar = a[2 * i];
      double ai = a[2 * i + 1];
      a[2 * i] = ar * b[2 * i] - ai * b[2 * i + 1];
      a[2 * i + 1] = ar * b[2 * i + 1] + ai * b[2 * i];
    }
    // inverse of the product: conj, forward, conj, scale
    for (int i = 1; i < a.length; i += 2) {
      a[i] = -a[i];
    }
    FftIterative.transform(a, m);
    double scale = 1.0 / m;
    for (int k = 0; k < n; k++) {
      double cr = a[2 * k] * scale;
      double ci = -a[2 * k + 1] * scale;
      data[2 * k] = cr * chirp[2 * k] - ci * chirp[2 * k + 1];
      data[2 * k + 1] = cr * chirp[2 * k + 1] + ci * chirp[2 * k];
    }
  }
}
