package io.perfkit.kernels.internal;

import io.perfkit.api.kernel.Integrand;
import io.perfkit.kernels.VectorIntegrand;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every use of the Vector API, in one class that is loaded only after {@link Vectors} has found
 * the module: provider classes call in here, never the other way round.
 */
public final class VectorKernels {

  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  public static final int L = S.length();
  /** Micro-kernel tile: 4 rows × 2 vectors of columns. */
  static final int MR = 4;
  public static final int NR = 2 * L;
  static final int KC = 256;

  /**
   * Whether the CPU fuses multiply-add ({@link Peak#FMA}). Tested inline in the loops (a helper
   * method that took and returned vectors could fail to inline, and then every vector is boxed);
   * the JIT folds the constant and drops the branch not taken.
   */
  public static final boolean FMA = Peak.FMA;

  private VectorKernels() {}

  public static double dot(double[] a, double[] b, int from, int to) {
    DoubleVector acc0 = DoubleVector.zero(S);
    DoubleVector acc1 = DoubleVector.zero(S);
    int i = from;
    int bound = from + ((to - from) / (2 * L)) * (2 * L);
    for (; i < bound; i += 2 * L) {
      DoubleVector a0 = DoubleVector.fromArray(S, a, i);
      DoubleVector b0 = DoubleVector.fromArray(S, b, i);
      DoubleVector a1 = DoubleVector.fromArray(S, a, i + L);
      DoubleVector b1 = DoubleVector.fromArray(S, b, i + L);
      acc0 = FMA ? a0.fma(b0, acc0) : a0.mul(b0).add(acc0);
      acc1 = FMA ? a1.fma(b1, acc1) : a1.mul(b1).add(acc1);
    }
    double s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < to; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * C[rowFrom..rowTo) = A·B for those rows: B packed into panels of NR columns per KC-deep slice,
   * a 4×NR register-blocked micro-kernel of FMAs over each panel.
   */
  public static void matmul(double[] a, double[] b, double[] c, int m, int k, int n, int rowFrom, int rowTo) {
    matmul(a, b, c, m, k, n, rowFrom, rowTo, 0, n);
  }

  /**
   * The block of C of rows [rowFrom, rowTo) and columns [colFrom, colTo). Splitting by columns
   * lets threads share nothing and pack only their own panels of B, so parallel work does not
   * repack B once per thread.
   */
  public static void matmul(double[] a, double[] b, double[] c, int m, int k, int n, int rowFrom, int rowTo, int colFrom,
      int colTo) {
    for (int i = rowFrom; i < rowTo; i++) {
      java.util.Arrays.fill(c, i * n + colFrom, i * n + colTo, 0);
    }
    int width = colTo - colFrom;
    if (k == 0 || width <= 0) {
      return;
    }
    int panels = (width + NR - 1) / NR;
    double[] packed = new double[panels * KC * NR];
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      for (int jp = 0; jp < panels; jp++) {
        int j0 = colFrom + jp * NR;
        int w = Math.min(NR, colTo - j0);
        int base = jp * KC * NR;
        for (int p = 0; p < kc; p++) {
          int src = (pc + p) * n + j0;
          int dst = base + p * NR;
          System.arraycopy(b, src, packed, dst, w);
          for (int z = w; z < NR; z++) {
            packed[dst + z] = 0;
          }
        }
      }
      int i = rowFrom;
      for (; i + MR <= rowTo; i += MR) {
        for (int jp = 0; jp < panels; jp++) {
          kernel4(a, packed, c, k, n, i, pc, kc, jp, colFrom, colTo);
        }
      }
      for (; i < rowTo; i++) {
        for (int jp = 0; jp < panels; jp++) {
          kernel1(a, packed, c, k, n, i, pc, kc, jp, colFrom, colTo);
        }
      }
    }
  }

  private static void kernel4(double[] a, double[] packed, double[] c, int k, int n, int i, int pc, int kc, int jp,
      int colFrom, int colTo) {
    int j0 = colFrom + jp * NR;
    int w = Math.min(NR, colTo - j0);
    VectorMask<Double> m0 = S.indexInRange(0, w);
    VectorMask<Double> m1 = S.indexInRange(L, w);
    int c0 = i * n + j0;
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    DoubleVector r00 = DoubleVector.fromArray(S, c, c0, m0);
    DoubleVector r01 = DoubleVector.fromArray(S, c, c0 + L, m1);
    DoubleVector r10 = DoubleVector.fromArray(S, c, c1, m0);
    DoubleVector r11 = DoubleVector.fromArray(S, c, c1 + L, m1);
    DoubleVector r20 = DoubleVector.fromArray(S, c, c2, m0);
    DoubleVector r21 = DoubleVector.fromArray(S, c, c2 + L, m1);
    DoubleVector r30 = DoubleVector.fromArray(S, c, c3, m0);
    DoubleVector r31 = DoubleVector.fromArray(S, c, c3 + L, m1);
    int base = jp * KC * NR;
    int a0 = i * k + pc;
    int a1 = a0 + k;
    int a2 = a1 + k;
    int a3 = a2 + k;
    for (int p = 0; p < kc; p++) {
      int off = base + p * NR;
      DoubleVector b0 = DoubleVector.fromArray(S, packed, off);
      DoubleVector b1 = DoubleVector.fromArray(S, packed, off + L);
      DoubleVector x0 = DoubleVector.broadcast(S, a[a0 + p]);
      r00 = FMA ? b0.fma(x0, r00) : b0.mul(x0).add(r00);
      r01 = FMA ? b1.fma(x0, r01) : b1.mul(x0).add(r01);
      DoubleVector x1 = DoubleVector.broadcast(S, a[a1 + p]);
      r10 = FMA ? b0.fma(x1, r10) : b0.mul(x1).add(r10);
      r11 = FMA ? b1.fma(x1, r11) : b1.mul(x1).add(r11);
      DoubleVector x2 = DoubleVector.broadcast(S, a[a2 + p]);
      r20 = FMA ? b0.fma(x2, r20) : b0.mul(x2).add(r20);
      r21 = FMA ? b1.fma(x2, r21) : b1.mul(x2).add(r21);
      DoubleVector x3 = DoubleVector.broadcast(S, a[a3 + p]);
      r30 = FMA ? b0.fma(x3, r30) : b0.mul(x3).add(r30);
      r31 = FMA ? b1.fma(x3, r31) : b1.mul(x3).add(r31);
    }
    r00.intoArray(c, c0, m0);
    r01.intoArray(c, c0 + L, m1);
    r10.intoArray(c, c1, m0);
    r11.intoArray(c, c1 + L, m1);
    r20.intoArray(c, c2, m0);
    r21.intoArray(c, c2 + L, m1);
    r30.intoArray(c, c3, m0);
    r31.intoArray(c, c3 + L, m1);
  }

  private static void kernel1(double[] a, double[] packed, double[] c, int k, int n, int i, int pc, int kc, int jp,
      int colFrom, int colTo) {
    int j0 = colFrom + jp * NR;
    int w = Math.min(NR, colTo - j0);
    VectorMask<Double> m0 = S.indexInRange(0, w);
    VectorMask<Double> m1 = S.indexInRange(L, w);
    int c0 = i * n + j0;
    DoubleVector r0 = DoubleVector.fromArray(S, c, c0, m0);
    DoubleVector r1 = DoubleVector.fromArray(S, c, c0 + L, m1);
    int base = jp * KC * NR;
    int a0 = i * k + pc;
    for (int p = 0; p < kc; p++) {
      int off = base + p * NR;
      DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
      DoubleVector b0 = DoubleVector.fromArray(S, packed, off);
      DoubleVector b1 = DoubleVector.fromArray(S, packed, off + L);
      r0 = FMA ? b0.fma(x, r0) : b0.mul(x).add(r0);
      r1 = FMA ? b1.fma(x, r1) : b1.mul(x).add(r1);
    }
    r0.intoArray(c, c0, m0);
    r1.intoArray(c, c0 + L, m1);
  }

  /**
   * Trapezoid rule over [a, b] in n intervals, the interior points evaluated a vector at a time:
   * lane-wise when {@code f} offers a vector form, through its batch form otherwise.
   */
  public static double trapezoid(Integrand f, double a, double b, int n) {
    double h = (b - a) / n;
    double ends = 0.5 * (f.applyAsDouble(a) + f.applyAsDouble(b));
    return h * (ends + sum(f, a, h, 1, n - 1));
  }

  /** Σ f(a + i·h) for i in [from, to], the same points the scalar rule takes. */
  public static double sum(Integrand f, double a, double h, int from, int to) {
    int count = to - from + 1;
    DoubleVector acc = DoubleVector.zero(S);
    int i = 0;
    double tail = 0;
    if (f instanceof VectorIntegrand) {
      VectorIntegrand vf = (VectorIntegrand) f;
      double[] iota = new double[L];
      for (int l = 0; l < L; l++) {
        iota[l] = l;
      }
      DoubleVector offsets = DoubleVector.fromArray(S, iota, 0);
      for (; i + L <= count; i += L) {
        DoubleVector x = offsets.add(from + i).mul(h).add(a);
        acc = acc.add(vf.apply(x));
      }
    } else {
      double[] xs = new double[1024];
      double[] ys = new double[1024];
      for (; i + 1024 <= count; i += 1024) {
        for (int j = 0; j < 1024; j++) {
          xs[j] = a + (from + i + j) * h;
        }
        f.evaluate(xs, ys, 1024);
        for (int j = 0; j < 1024; j += L) {
          acc = acc.add(DoubleVector.fromArray(S, ys, j));
        }
      }
    }
    for (; i < count; i++) {
      tail += f.applyAsDouble(a + (from + i) * h);
    }
    return acc.reduceLanes(VectorOperators.ADD) + tail;
  }
}
