package io.perfkit.kernels.variants;

import java.util.concurrent.ConcurrentHashMap;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API side of {@link FftSimd}; loaded only when the module is present. */
final class VectorFft {

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Swaps re and im within each complex pair. */
  private static final VectorShuffle<Double> SWAP = VectorShuffle.fromOp(S, i -> i ^ 1);
  private static final ConcurrentHashMap<Integer, double[][]> TABLES = new ConcurrentHashMap<>();

  private VectorFft() {}

  /**
   * For each stage whose half-span is at least a vector of complex points: twiddle real parts
   * duplicated [wr, wr, …] and imaginary parts signed [−wi, wi, …], contiguous in k.
   */
  private static double[][] tables(int n) {
    return TABLES.computeIfAbsent(n, size -> {
      int stages = Integer.numberOfTrailingZeros(size);
      double[][] t = new double[2 * (stages + 1)][];
      double[] tw = FftBase.twiddles(size);
      for (int s = 1; s <= stages; s++) {
        int len = 1 << s;
        int half = len / 2;
        if (2 * half < L) {
          continue;
        }
        int stride = size / len;
        double[] re = new double[2 * half];
        double[] im = new double[2 * half];
        for (int k = 0; k < half; k++) {
          double wr = tw[2 * k * stride];
          double wi = tw[2 * k * stride + 1];
          re[2 * k] = wr;
          re[2 * k + 1] = wr;
          im[2 * k] = -wi;
          im[2 * k + 1] = wi;
        }
        t[2 * s] = re;
        t[2 * s + 1] = im;
      }
      return t;
    });
  }

  static void forward(double[] d, int n) {
    FftBase.bitReverse(d, n);
    double[] tw = FftBase.twiddles(n);
    double[][] tables = tables(n);
    int len = 2;
    if (n >= 4) {
      firstTwoStages(d, n);
      len = 8;
    }
    while (len <= n) {
      int half = len / 2;
      if (2 * half < L) {
        FftBase.stage(d, n, len, tw, 0, n / len);
        len <<= 1;
      } else if (2 * len <= n) {
        // two radix-2 stages in one pass over the data: half the trips through memory
        fused(d, n, len, tables);
        len <<= 2;
      } else {
        single(d, n, len, tables);
        len <<= 1;
      }
    }
  }

  /**
   * The stages of size 2 and 4 in one scalar pass: their twiddles are 1 and −i, so they are
   * additions only.
   */
  private static void firstTwoStages(double[] d, int n) {
    for (int i = 0; i < 2 * n; i += 8) {
      double r0 = d[i] + d[i + 2];
      double m0 = d[i + 1] + d[i + 3];
      double r1 = d[i] - d[i + 2];
      double m1 = d[i + 1] - d[i + 3];
      double r2 = d[i + 4] + d[i + 6];
      double m2 = d[i + 5] + d[i + 7];
      double r3 = d[i + 4] - d[i + 6];
      double m3 = d[i + 5] - d[i + 7];
      // −i·(r3 + i·m3) = m3 − i·r3
      d[i] = r0 + r2;
      d[i + 1] = m0 + m2;
      d[i + 4] = r0 - r2;
      d[i + 5] = m0 - m2;
      d[i + 2] = r1 + m3;
      d[i + 3] = m1 - r3;
      d[i + 6] = r1 - m3;
      d[i + 7] = m1 + r3;
    }
  }

  /** The complex product v·w for vectors of interleaved points, w given as its two tables. */
  private static DoubleVector times(DoubleVector v, double[] wre, double[] wim, int j) {
    return v.mul(DoubleVector.fromArray(S, wre, j)).add(v.rearrange(SWAP).mul(DoubleVector.fromArray(S, wim, j)));
  }

  private static void single(double[] d, int n, int len, double[][] tables) {
    int half = len / 2;
    int s = Integer.numberOfTrailingZeros(len);
    double[] wre = tables[2 * s];
    double[] wim = tables[2 * s + 1];
    for (int start = 0; start < n; start += len) {
      int u0 = 2 * start;
      int v0 = 2 * (start + half);
      for (int j = 0; j < 2 * half; j += L) {
        DoubleVector prod = times(DoubleVector.fromArray(S, d, v0 + j), wre, wim, j);
        DoubleVector u = DoubleVector.fromArray(S, d, u0 + j);
        u.add(prod).intoArray(d, u0 + j);
        u.sub(prod).intoArray(d, v0 + j);
      }
    }
  }

  /**
   * The stages of size {@code len} and {@code 2·len} together: each block of 2·len points is read
   * once as four quarters and written once.
   */
  private static void fused(double[] d, int n, int len, double[][] tables) {
    int half = len / 2;
    int s = Integer.numberOfTrailingZeros(len);
    double[] w1re = tables[2 * s];
    double[] w1im = tables[2 * s + 1];
    double[] w2re = tables[2 * s + 2];
    double[] w2im = tables[2 * s + 3];
    for (int start = 0; start < n; start += 2 * len) {
      int q0 = 2 * start;
      int q1 = q0 + 2 * half;
      int q2 = q0 + 2 * len;
      int q3 = q2 + 2 * half;
      for (int j = 0; j < 2 * half; j += L) {
        DoubleVector a = DoubleVector.fromArray(S, d, q0 + j);
        DoubleVector b = times(DoubleVector.fromArray(S, d, q1 + j), w1re, w1im, j);
        DoubleVector c = DoubleVector.fromArray(S, d, q2 + j);
        DoubleVector e = times(DoubleVector.fromArray(S, d, q3 + j), w1re, w1im, j);
        DoubleVector a1 = a.add(b);
        DoubleVector b1 = a.sub(b);
        DoubleVector c1 = times(c.add(e), w2re, w2im, j);
        DoubleVector e1 = times(c.sub(e), w2re, w2im, j + 2 * half);
        a1.add(c1).intoArray(d, q0 + j);
        a1.sub(c1).intoArray(d, q2 + j);
        b1.add(e1).intoArray(d, q1 + j);
        b1.sub(e1).intoArray(d, q3 + j);
      }
    }
  }
}
