package io.perfkit.api.kernel;

import java.util.function.DoubleUnaryOperator;

/**
 * A function to integrate. Besides the scalar form it offers a batch form that evaluates many
 * points at once, which a vectorized integrand overrides and a vectorized kernel calls.
 */
@FunctionalInterface
public interface Integrand extends DoubleUnaryOperator {

  /**
   * Writes f(xs[i]) into ys[i] for i in [0, length). The default calls {@link #applyAsDouble}
   * per point.
   */
  default void evaluate(double[] xs, double[] ys, int length) {
    for (int i = 0; i < length; i++) {
      ys[i] = applyAsDouble(xs[i]);
    }
  }

  /** Wraps a plain operator. */
  static Integrand of(DoubleUnaryOperator f) {
    return f instanceof Integrand ? (Integrand) f : f::applyAsDouble;
  }
}
