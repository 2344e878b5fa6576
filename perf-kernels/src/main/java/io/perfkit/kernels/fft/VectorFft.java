package io.perfkit.kernels.fft;

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

  /**
   * Stage by stage over the whole array, a 2²⁰-point transform makes eleven trips through 16 MB.
   * Instead, every block of {@value FftBase#BLOCK} points runs all its stages while it sits in L2, and
   * only the stages wider than a block walk the whole array, two at a time.
   */
  static void forward(double[] d, int n) {
    FftBase.bitReverse(d, n);
    double[][] tables = tables(n);
    int block = Math.min(n, FftBase.BLOCK);
    for (int from = 0; from < n; from += block) {
      stages(d, n, from, from + block, 2, block, tables);
    }
    stages(d, n, 0, n, 2 * block, n, tables);
  }

  /** All the stages that fit in the block of points [from, to), a power of two in size and place. */
  static void block(double[] d, int n, int from, int to) {
    stages(d, n, from, to, 2, to - from, tables(n));
  }

  /** The length of the next stage after the whole-array pass that starts at {@code len}. */
  static int nextWideLen(int n, int len) {
    return 2 * len <= n ? len << 2 : len << 1;
  }

  /**
   * Part {@code part} of {@code parts} of the whole-array pass that starts at stage {@code len}
   * (at least {@link FftBase#BLOCK} points wide): the parts split each block's columns, so they touch
   * disjoint points and may run at once.
   */
  static void widePass(double[] d, int n, int len, int part, int parts) {
    int vectors = len / L;
    int jFrom = vectors * part / parts * L;
    int jTo = vectors * (part + 1) / parts * L;
    if (2 * len <= n) {
      fused(d, 0, n, len, tables(n), jFrom, jTo);
    } else {
      single(d, 0, n, len, tables(n), jFrom, jTo);
    }
  }

  /** The stages of sizes {@code len} to {@code lastLen} over the points [from, to). */
  private static void stages(double[] d, int n, int from, int to, int len, int lastLen, double[][] tables) {
    if (len == 2 && lastLen >= 4) {
      firstTwoStages(d, from, to);
      len = 8;
    }
    while (len <= lastLen) {
      int half = len / 2;
      if (2 * half < L) {
        FftBase.stage(d, n, len, FftBase.twiddles(n), from / len, to / len);
        len <<= 1;
      } else if (2 * len <= lastLen) {
        // two radix-2 stages in one pass over the data: half the trips through memory
        fused(d, from, to, len, tables, 0, len);
        len <<= 2;
      } else {
        single(d, from, to, len, tables, 0, len);
        len <<= 1;
      }
    }
  }

  /**
   * The stages of size 2 and 4 in one scalar pass: their twiddles are 1 and −i, so they are
   * additions only.
   */
  private static void firstTwoStages(double[] d, int from, int to) {
    for (int i = 2 * from; i < 2 * to; i += 8) {
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

  /** Stage {@code len} over the points [from, to), for the offsets [jFrom, jTo) in each half-block, in doubles. */
  private static void single(double[] d, int from, int to, int len, double[][] tables, int jFrom, int jTo) {
    int half = len / 2;
    int s = Integer.numberOfTrailingZeros(len);
    double[] wre = tables[2 * s];
    double[] wim = tables[2 * s + 1];
    for (int start = from; start < to; start += len) {
      int u0 = 2 * start;
      int v0 = 2 * (start + half);
      for (int j = jFrom; j < jTo; j += L) {
        DoubleVector prod = times(DoubleVector.fromArray(S, d, v0 + j), wre, wim, j);
        DoubleVector u = DoubleVector.fromArray(S, d, u0 + j);
        u.add(prod).intoArray(d, u0 + j);
        u.sub(prod).intoArray(d, v0 + j);
      }
    }
  }

  /**
   * The stages of size {@code len} and {@code 2·len} together: each block of 2·len points is read
   * once as four quarters and written once. Only the offsets [jFrom, jTo) in each quarter, in
   * doubles, are done.
   */
  private static void fused(double[] d, int from, int to, int len, double[][] tables, int jFrom, int jTo) {
    int half = len / 2;
    int s = Integer.numberOfTrailingZeros(len);
    double[] w1re = tables[2 * s];
    double[] w1im = tables[2 * s + 1];
    double[] w2re = tables[2 * s + 2];
    double[] w2im = tables[2 * s + 3];
    for (int start = from; start < to; start += 2 * len) {
      int q0 = 2 * start;
      int q1 = q0 + 2 * half;
      int q2 = q0 + 2 * len;
      int q3 = q2 + 2 * half;
      for (int j = jFrom; j < jTo; j += L) {
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
