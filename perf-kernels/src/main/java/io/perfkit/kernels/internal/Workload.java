package io.perfkit.kernels.internal;

import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.Kernel;
import io.perfkit.kernels.Verification;

/**
 * One operation at one size, as the race runs it: seeded inputs, the exact answer (or the
 * oracle's), and the check of a variant's output against it within the tolerance the variant's
 * {@link Accuracy} gives. Each operation's package has its own.
 */
public abstract class Workload {

  /** Where results go so the JIT cannot drop the call. */
  public static volatile double sink;

  /** Checks {@code k}'s output; never throws for a wrong answer. */
  public abstract Verification verify(Kernel k);

  /** One timed call of {@code k}. */
  public abstract void run(Kernel k);

  /**
   * The work one call of {@code k} does, in the operation's unit: floating-point operations, or
   * for integration the integrand evaluations, counted in a call of its own. Where every
   * variant does the same arithmetic at a size, the operation's count of it.
   */
  public abstract double work(Kernel k);

  /** Whether {@code k} can run this size (FFTs of some variants take powers of two only). */
  public boolean supports(Kernel k) {
    return true;
  }

  /** The failure for an accuracy that means nothing for this operation. */
  protected static Verification unfit(Kernel k, Accuracy accuracy, String expected) {
    return Verification.failed(k.key() + " declares " + accuracy + ", which does not apply to "
        + k.operation().wireName() + " (expected " + expected + ")");
  }

  /** The first index where {@code got} is further than {@code tol} from {@code want} (NaN is), or −1. */
  protected static int firstMismatch(double[] got, double[] want, double tol) {
    for (int i = 0; i < want.length; i++) {
      if (!(Math.abs(got[i] - want[i]) <= tol)) {
        return i;
      }
    }
    return -1;
  }
}
