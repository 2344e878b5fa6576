package io.perfkit.kernels.internal;

import io.perfkit.api.kernel.Integrand;
import io.perfkit.kernels.VectorIntegrand;
import java.util.concurrent.atomic.LongAdder;

/**
 * An integrand that counts its evaluations, point by point, batch by batch and lane by lane, on
 * any number of threads: the work an integration variant did, counted rather than assumed.
 */
public class CountingIntegrand implements Integrand {

  final Integrand f;
  final LongAdder evaluations = new LongAdder();

  CountingIntegrand(Integrand f) {
    this.f = f;
  }

  /** Counts {@code f}'s evaluations, keeping its vector form (so the SIMD variants take the same path). */
  public static CountingIntegrand of(Integrand f) {
    if (Vectors.unavailableReason().isEmpty() && f instanceof VectorIntegrand) {
      return new CountingVectorIntegrand(f);
    }
    return new CountingIntegrand(f);
  }

  /** The points evaluated so far. */
  public long evaluations() {
    return evaluations.sum();
  }

  @Override
  public double applyAsDouble(double x) {
    evaluations.increment();
    return f.applyAsDouble(x);
  }

  @Override
  public void evaluate(double[] xs, double[] ys, int length) {
    evaluations.add(length);
    f.evaluate(xs, ys, length);
  }
}
