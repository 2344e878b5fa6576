package io.perfkit.kernels;

import io.perfkit.api.kernel.KernelOperation;

/**
 * One variant at one size in a race.
 *
 * @param operation the operation
 * @param variant the variant's name
 * @param n the size
 * @param verification what checking it against the oracle found (a failed variant is not timed)
 * @param medianNs median time of one call, nanoseconds (0 when not timed)
 * @param p99Ns 99th percentile, nanoseconds (0 when not timed)
 * @param gflops billions of floating-point operations a second at the median
 * @param speedupVsOracle the oracle's median over this one's
 */
public record RaceResult(KernelOperation operation, String variant, long n, Verification verification,
    long medianNs, long p99Ns, double gflops, double speedupVsOracle) {

  /** Whether it matched the oracle within its declared accuracy. */
  public boolean verified() {
    return verification.passed();
  }

  /** {@code operation/variant}. */
  public String key() {
    return operation.wireName() + "/" + variant;
  }
}
