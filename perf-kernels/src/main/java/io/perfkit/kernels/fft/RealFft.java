package io.perfkit.kernels.fft;

import io.perfkit.api.kernel.FftKernel;

/**
 * Real-input transforms on top of any complex FFT variant. A real signal of even length n is
 * read as n/2 complex points (even samples as real parts, odd ones as imaginary), transformed at
 * half the length, and the two interleaved half-spectra are separated in one O(n) pass; the
 * inverse runs the same steps backwards. Half the work of transforming the signal with zero
 * imaginary parts, which is what odd lengths (and variants that cannot take n/2) still do.
 */
public final class RealFft {

  private RealFft() {}

  /**
   * The n complex outputs of the transform of {@code signal}, interleaved; X[k] for k &gt; n/2
   * mirrors X[n−k].
   */
  public static double[] forward(FftKernel fft, double[] signal) {
    int n = signal.length;
    int half = n / 2;
    double[] out = new double[2 * n];
    if (n % 2 != 0 || half == 0 || !fft.supportsLength(half)) {
      for (int i = 0; i < n; i++) {
        out[2 * i] = signal[i];
      }
      fft.forward(out);
      return out;
    }
    // the signal's memory already is the interleaved complex array z[m] = x[2m] + i·x[2m+1]
    double[] z = signal.clone();
    fft.forward(z);
    double[] tw = Integer.bitCount(n) == 1 ? FftBase.twiddles(n) : null;
    // Z[0] = E[0] + i·O[0] with E[0] and O[0] real: X[0] = E[0] + O[0], X[n/2] = E[0] − O[0]
    out[0] = z[0] + z[1];
    out[2 * half] = z[0] - z[1];
    // X[k] and X[n/2 − k] read the same two points of Z, so each step makes both, and their
    // mirrors X[n − k] = conj X[k]
    for (int k = 1; 2 * k <= half; k++) {
      int p = 2 * k;
      int q = 2 * (half - k);
      double zr = z[p];
      double zi = z[p + 1];
      double cr = z[q];
      double ci = z[q + 1];
      // Z[k] = E[k] + i·O[k], E and O the spectra of the even and odd samples
      double er = 0.5 * (zr + cr);
      double ei = 0.5 * (zi - ci);
      double or = 0.5 * (zi + ci);
      double oi = -0.5 * (zr - cr);
      double c = tw != null ? tw[p] : Math.cos(-2 * Math.PI * k / n);
      double s = tw != null ? tw[p + 1] : Math.sin(-2 * Math.PI * k / n);
      // X[k] = E[k] + w·O[k] with w = e^(−2πik/n); X[n/2 − k] = conj E[k] − conj(w)·conj O[k]
      double xr = er + c * or - s * oi;
      double xi = ei + c * oi + s * or;
      double yr = er - c * or + s * oi;
      double yi = -ei + c * oi + s * or;
      int m = half - k;
      out[p] = xr;
      out[p + 1] = xi;
      out[2 * (n - k)] = xr;
      out[2 * (n - k) + 1] = -xi;
      out[2 * m] = yr;
      out[2 * m + 1] = yi;
      out[2 * (n - m)] = yr;
      out[2 * (n - m) + 1] = -yi;
    }
    return out;
  }

  /**
   * The real parts of the inverse transform of {@code spectrum} (n interleaved complex points):
   * the inverse of {@link #forward} for the spectrum of a real signal, and for any other spectrum
   * the inverse of its conjugate-symmetric part.
   */
  public static double[] inverse(FftKernel fft, double[] spectrum) {
    if (spectrum.length % 2 != 0) {
      throw new IllegalArgumentException("interleaved complex spectrum must have an even length; got " + spectrum.length);
    }
    int n = spectrum.length / 2;
    int half = n / 2;
    if (n % 2 != 0 || half == 0 || !fft.supportsLength(half)) {
      double[] data = spectrum.clone();
      fft.inverse(data);
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = data[2 * i];
      }
      return out;
    }
    double[] tw = Integer.bitCount(n) == 1 ? FftBase.twiddles(n) : null;
    double[] z = new double[n];
    for (int k = 0; k < half; k++) {
      // H[j] = (X[j] + conj(X[n−j]))/2, the conjugate-symmetric part, at j = k and k + n/2
      int a = 2 * k;
      int ma = k == 0 ? 0 : 2 * (n - k);
      int b = 2 * (k + half);
      int mb = 2 * (n - k - half);
      double hr = 0.5 * (spectrum[a] + spectrum[ma]);
      double hi = 0.5 * (spectrum[a + 1] - spectrum[ma + 1]);
      double gr = 0.5 * (spectrum[b] + spectrum[mb]);
      double gi = 0.5 * (spectrum[b + 1] - spectrum[mb + 1]);
      double er = 0.5 * (hr + gr);
      double ei = 0.5 * (hi + gi);
      double dr = 0.5 * (hr - gr);
      double di = 0.5 * (hi - gi);
      double c = tw != null ? tw[2 * k] : Math.cos(-2 * Math.PI * k / n);
      double s = tw != null ? -tw[2 * k + 1] : -Math.sin(-2 * Math.PI * k / n);
      // O[k] = (H[k] − H[k + n/2])·e^(2πik/n)/2, and Z[k] = E[k] + i·O[k]
      double or = dr * c - di * s;
      double oi = dr * s + di * c;
      z[a] = er - oi;
      z[a + 1] = ei + or;
    }
    fft.inverse(z);
    return z;
  }
}
