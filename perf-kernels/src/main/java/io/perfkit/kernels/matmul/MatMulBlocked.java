package io.perfkit.kernels.matmul;

import io.perfkit.api.kernel.MatMulKernel;
import io.perfkit.kernels.internal.Checks;

/**
 * Tiled for the caches: B is packed, a KC×NC block at a time, into a contiguous panel that stays
 * in L2 while MC rows of A stream past it; the inner loop is i-k-j over the packed panel. (The Go
 * original's 64-blocked version kept the column-stride inner loop, so blocking bought little.)
 */
public final class MatMulBlocked implements MatMulKernel {

  static final int MC = 64;
  static final int KC = 256;
  static final int NC = 512;

  @Override
  public String variant() {
    return "blocked";
  }

  @Override
  public String description() {
    return "cache-tiled (" + MC + "×" + KC + "×" + NC + ") with a packed B panel";
  }

  @Override
  public void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
    Checks.matmul(a, b, c, m, k, n);
    rows(a, b, c, k, n, 0, m);
  }

  static void rows(double[] a, double[] b, double[] c, int k, int n, int from, int to) {
    java.util.Arrays.fill(c, from * n, to * n, 0);
    double[] panel = new double[KC * NC];
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, (pc + p) * n + jc, panel, p * nc, nc);
        }
        for (int ic = from; ic < to; ic += MC) {
          int mc = Math.min(MC, to - ic);
          for (int i = ic; i < ic + mc; i++) {
            int ci = i * n + jc;
            int ai = i * k + pc;
            for (int p = 0; p < kc; p++) {
              double x = a[ai + p];
              int bp = p * nc;
              for (int j = 0; j < nc; j++) {
                c[ci + j] += x * panel[bp + j];
              }
            }
          }
        }
      }
    }
  }
}
