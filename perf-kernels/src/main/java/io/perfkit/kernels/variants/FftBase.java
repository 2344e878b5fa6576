package io.perfkit.kernels.variants;

import io.perfkit.api.kernel.FftKernel;
import java.util.concurrent.ConcurrentHashMap;

/** What the FFT variants share: the inverse by conjugation, and exact twiddle tables. */
abstract class FftBase implements FftKernel {

  private static final ConcurrentHashMap<Integer, double[]> TWIDDLES = new ConcurrentHashMap<>();

  /** Inverse = conj(forward(conj(x))) / n. */
  @Override
  public void inverse(double[] data) {
    int n = Checks.fft(data, !needsPowerOfTwo());
    for (int i = 1; i < data.length; i += 2) {
      data[i] = -data[i];
    }
    forward(data);
    double scale = 1.0 / n;
    for (int i = 0; i < data.length; i += 2) {
      data[i] *= scale;
      data[i + 1] = -data[i + 1] * scale;
    }
  }

  boolean needsPowerOfTwo() {
    return true;
  }

  /**
   * cos and −sin of 2πk/n for k &lt; n/2, interleaved, each computed directly (the Go original
   * built them by repeated multiplication, which accumulates error).
   */
  static double[] twiddles(int n) {
    return TWIDDLES.computeIfAbsent(n, size -> {
      double[] t = new double[Math.max(2, size)];
      for (int k = 0; k < size / 2; k++) {
        double angle = -2 * Math.PI * k / size;
        t[2 * k] = Math.cos(angle);
        t[2 * k + 1] = Math.sin(angle);
      }
      return t;
    });
  }

  static void bitReverse(double[] d, int n) {
    int bits = Integer.numberOfTrailingZeros(n);
    for (int i = 0; i < n; i++) {
      int j = Integer.reverse(i) >>> (32 - bits);
      if (bits == 0) {
        j = 0;
      }
      if (j > i) {
        double re = d[2 * i];
        double im = d[2 * i + 1];
        d[2 * i] = d[2 * j];
        d[2 * i + 1] = d[2 * j + 1];
        d[2 * j] = re;
        d[2 * j + 1] = im;
      }
    }
  }

  /** One radix-2 stage of butterflies of size {@code len}, for the blocks [blockFrom, blockTo). */
  static void stage(double[] d, int n, int len, double[] tw, int blockFrom, int blockTo) {
    for (int block = blockFrom; block < blockTo; block++) {
      butterflies(d, n, len, tw, block * len, 0, len / 2);
    }
  }

  /** The butterflies k in [kFrom, kTo) of the block of size {@code len} starting at point {@code start}. */
  static void butterflies(double[] d, int n, int len, double[] tw, int start, int kFrom, int kTo) {
    int half = len / 2;
    int stride = n / len;
    for (int k = kFrom; k < kTo; k++) {
      double wr = tw[2 * k * stride];
      double wi = tw[2 * k * stride + 1];
      int u = 2 * (start + k);
      int v = 2 * (start + k + half);
      double xr = d[v] * wr - d[v + 1] * wi;
      double xi = d[v] * wi + d[v + 1] * wr;
      d[v] = d[u] - xr;
      d[v + 1] = d[u + 1] - xi;
      d[u] += xr;
      d[u + 1] += xi;
    }
  }
}
