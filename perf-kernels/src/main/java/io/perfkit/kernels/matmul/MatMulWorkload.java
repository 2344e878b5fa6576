package io.perfkit.kernels.matmul;

import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.Kernel;
import io.perfkit.api.kernel.KernelOperation;
import io.perfkit.api.kernel.MatMulKernel;
import io.perfkit.kernels.Verification;
import io.perfkit.kernels.internal.Workload;
import java.util.Arrays;
import java.util.Random;

/**
 * Two seeded n×n matrices in [−1, 1) and the naive product. A variant exact but for rounding
 * must have every element within 4 · 1e-15 · n · (|A||B|)ᵢⱼ of it.
 */
public final class MatMulWorkload extends Workload {

  private final int n;
  private final double[] a;
  private final double[] b;
  private final double[] c;
  private final double[] expected;
  private final double[] bound;

  public MatMulWorkload(int n) {
    this.n = n;
    Random r = new Random(n);
    a = new double[n * n];
    b = new double[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextDouble() * 2 - 1;
      b[i] = r.nextDouble() * 2 - 1;
    }
    c = new double[n * n];
    expected = new double[n * n];
    bound = new double[n * n];
    new MatMulNaive().multiply(a, b, expected, n, n, n);
    double[] absA = Arrays.stream(a).map(Math::abs).toArray();
    double[] absB = Arrays.stream(b).map(Math::abs).toArray();
    new MatMulIkj().multiply(absA, absB, bound, n, n, n);
  }

  @Override
  public Verification verify(Kernel k) {
    if (!(k.accuracy() instanceof Accuracy.Rounding)) {
      return unfit(k, k.accuracy(), "rounding");
    }
    Arrays.fill(c, Double.NaN);
    ((MatMulKernel) k).multiply(a, b, c, n, n, n);
    double worst = 0;
    double widest = 0;
    for (int i = 0; i < c.length; i++) {
      double err = Math.abs(c[i] - expected[i]);
      double tol = 1e-15 * n * bound[i] * 4 + 1e-300;
      if (!(err <= tol)) {
        return Verification.failed("element " + i + " is " + c[i] + ", expected " + expected[i], err, tol);
      }
      worst = Math.max(worst, err);
      widest = Math.max(widest, tol);
    }
    return Verification.passed(worst, widest);
  }

  /** n³ multiplies and n³ adds, in every variant (none uses a fast-multiplication scheme). */
  @Override
  public double work(Kernel k) {
    return KernelOperation.MATMUL.flops(n);
  }

  @Override
  public void run(Kernel k) {
    ((MatMulKernel) k).multiply(a, b, c, n, n, n);
  }
}
