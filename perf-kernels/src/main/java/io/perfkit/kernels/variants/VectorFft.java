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
    for (int len = 2; len <= n; len <<= 1) {
      int half = len / 2;
      if (2 * half < L) {
        FftBase.stage(d, n, len, tw, 0, n / len);
        continue;
      }
      int s = Integer.numberOfTrailingZeros(len);
      double[] wre = tables[2 * s];
      double[] wim = tables[2 * s + 1];
      for (int start = 0; start < n; start += len) {
        int u0 = 2 * start;
        int v0 = 2 * (start + half);
        for (int j = 0; j < 2 * half; j += L) {
          DoubleVector v = DoubleVector.fromArray(S, d, v0 + j);
          DoubleVector vSwapped = v.rearrange(SWAP);
          // (vr + i·vi)(wr + i·wi) = [vr·wr − vi·wi, vi·wr + vr·wi]
          DoubleVector prod = v.mul(DoubleVector.fromArray(S, wre, j)).add(vSwapped.mul(DoubleVector.fromArray(S, wim, j)));
          DoubleVector u = DoubleVector.fromArray(S, d, u0 + j);
          u.add(prod).intoArray(d, u0 + j);
          u.sub(prod).intoArray(d, v0 + j);
        }
      }
    }
  }
}
