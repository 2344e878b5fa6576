package io.perfkit.api.kernel;

import io.perfkit.api.Arguments;

/**
 * How close to the exact answer a variant promises to be. The race verifies every variant
 * against its operation's {@linkplain KernelOperation#oracle() oracle} within the tolerance its
 * accuracy gives, so a third-party variant is held to what it declares, never to a neighbour's
 * bound.
 */
public sealed interface Accuracy {

  /**
   * Exact but for floating-point rounding: for dot products and matrix products, a few units in
   * the last place times the length of the sums; for FFTs, times log₂ n. What dot, matmul and FFT
   * variants promise.
   */
  record Rounding() implements Accuracy {}

  /**
   * A quadrature rule whose error shrinks as n<sup>−order</sup>: at most
   * {@code constant · (b−a)^(order+1) · max|f^(order)| / n^order} (the trapezoid rule is
   * order 2 with constant 1/12, Simpson's rule order 4 with 1/180).
   *
   * @param order the power of the interval width in the error term, at least 1
   * @param constant the rule's error constant, positive
   */
  record Convergence(int order, double constant) implements Accuracy {
    public Convergence {
      Arguments.positive("convergence order", order);
      Arguments.positive("error constant", constant);
    }
  }

  /**
   * Within an absolute error whatever n: adaptive rules that refine until they meet it.
   *
   * @param bound the absolute error, positive
   */
  record Absolute(double bound) implements Accuracy {
    public Absolute {
      Arguments.positive("absolute error bound", bound);
    }
  }

  /** Exact but for rounding. */
  static Accuracy rounding() {
    return new Rounding();
  }

  /** A rule of this order and error constant. */
  static Accuracy convergence(int order, double constant) {
    return new Convergence(order, constant);
  }

  /** Within this absolute error. */
  static Accuracy absolute(double bound) {
    return new Absolute(bound);
  }
}
