package io.perfkit.kernels.internal;

import io.perfkit.api.kernel.Integrand;
import io.perfkit.kernels.VectorIntegrand;
import jdk.incubator.vector.DoubleVector;

/** {@link CountingIntegrand} for an integrand with a vector form: each lane is one evaluation. */
final class CountingVectorIntegrand extends CountingIntegrand implements VectorIntegrand {

  CountingVectorIntegrand(Integrand f) {
    super(f);
  }

  @Override
  public DoubleVector apply(DoubleVector x) {
    evaluations.add(x.length());
    return ((VectorIntegrand) f).apply(x);
  }
}
