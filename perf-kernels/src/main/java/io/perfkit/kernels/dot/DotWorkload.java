package io.perfkit.kernels.dot;

import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.DotKernel;
import io.perfkit.api.kernel.Kernel;
import io.perfkit.api.kernel.KernelOperation;
import io.perfkit.kernels.Verification;
import io.perfkit.kernels.internal.Workload;
import java.util.Random;

/**
 * Two seeded vectors in [−1, 1) and their dot product summed with Kahan compensation. A
 * variant exact but for rounding must be within 1e-15 · n · Σ|aᵢbᵢ| of it.
 */
public final class DotWorkload extends Workload {

  private final double[] a;
  private final double[] b;
  private final double exact;
  private final double scale;

  public DotWorkload(int n) {
    Random r = new Random(n);
    a = new double[n];
    b = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextDouble() * 2 - 1;
      b[i] = r.nextDouble() * 2 - 1;
    }
    double s = 0;
    double c = 0;
    double abs = 0;
    for (int i = 0; i < n; i++) {
      double y = a[i] * b[i] - c;
      double t = s + y;
      c = (t - s) - y;
      s = t;
      abs += Math.abs(a[i] * b[i]);
    }
    exact = s;
    scale = abs;
  }

  @Override
  public Verification verify(Kernel k) {
    if (!(k.accuracy() instanceof Accuracy.Rounding)) {
      return unfit(k, k.accuracy(), "rounding");
    }
    double got = ((DotKernel) k).dot(a, b);
    double err = Math.abs(got - exact);
    double tol = 1e-15 * Math.max(1, a.length) * scale + 1e-300;
    return err <= tol ? Verification.passed(err, tol) : Verification.failed("dot is " + got + ", exact " + exact, err, tol);
  }

  /** n multiplies and n adds, in every variant. */
  @Override
  public double work(Kernel k) {
    return KernelOperation.DOT.flops(a.length);
  }

  @Override
  public void run(Kernel k) {
    sink = ((DotKernel) k).dot(a, b);
  }
}
