package io.perfkit.kernels.internal;

import io.perfkit.kernels.VectorIntegrand;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/** sin(x)·e^(−0.1x), the reference integrand, with its vector form. */
public final class DampedSine implements VectorIntegrand {

  @Override
  public double applyAsDouble(double x) {
    return Math.sin(x) * Math.exp(-0.1 * x);
  }

  @Override
  public DoubleVector apply(DoubleVector x) {
    return x.lanewise(VectorOperators.SIN).mul(x.mul(-0.1).lanewise(VectorOperators.EXP));
  }
}
