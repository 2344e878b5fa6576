package io.perfkit.kernels;

import io.perfkit.api.kernel.Integrand;
import jdk.incubator.vector.DoubleVector;

/**
 * An integrand that can also be evaluated a vector of points at a time, which the {@code simd}
 * integration variant uses. Implementing it needs {@code --add-modules jdk.incubator.vector}.
 */
public interface VectorIntegrand extends Integrand {

  /** f applied lane by lane. */
  DoubleVector apply(DoubleVector x);
}
