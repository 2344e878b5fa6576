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
 * @param work what one call did, in {@link #workUnit()}s: floating-point operations, or for
 *     integration the integrand evaluations counted in a call (0 when not timed)
 * @param speedupVsOracle this variant's rate over the oracle's: the same work done how many times
 *     as fast (the oracle's time over this one's when both do the same work)
 * @param peakFlops the machine's measured floating-point peak, operations a second, on the
 *     threads the parallel variants use (0 when not measured)
 */
public record RaceResult(KernelOperation operation, String variant, long n, Verification verification,
    long medianNs, long p99Ns, double work, double speedupVsOracle, double peakFlops) {

  /** Whether it matched the oracle within its declared accuracy. */
  public boolean verified() {
    return verification.passed();
  }

  /** {@code operation/variant}. */
  public String key() {
    return operation.wireName() + "/" + variant;
  }

  /** Whether {@link #work()} counts floating-point operations (all but integration, which counts evaluations). */
  public boolean countsFlops() {
    return operation != KernelOperation.INTEGRATE;
  }

  /** {@code FLOP}, or {@code eval} (one evaluation of the integrand). */
  public String workUnit() {
    return countsFlops() ? "FLOP" : "eval";
  }

  /** Work units a second at the median (0 when not timed). */
  public double ratePerSecond() {
    return medianNs == 0 ? 0 : work * 1e9 / medianNs;
  }

  /**
   * Billions of floating-point operations a second at the median; for integration, billions of
   * evaluations a second, as {@link KernelOperation#INTEGRATE} counts them.
   */
  public double gflops() {
    return ratePerSecond() / 1e9;
  }

  /**
   * Whether the rate is above the machine's measured peak: then the work or the time was counted
   * wrong, and the rate is not shown. An evaluation of an integrand takes at least one
   * floating-point operation, so an evaluation rate is held to the same peak.
   */
  public boolean abovePeak() {
    return peakFlops > 0 && ratePerSecond() > peakFlops;
  }

  /** The median as a person reads it: 850 ns, 20.1 µs, 1.23 ms ({@code -} when not timed). */
  public String medianText() {
    return medianNs == 0 ? "-" : Units.nanos(medianNs);
  }

  /** The 99th percentile, as {@link #medianText()}. */
  public String p99Text() {
    return medianNs == 0 ? "-" : Units.nanos(p99Ns);
  }

  /** The work of one call: 2.00 kFLOP, 524 kFLOP, 1.23 keval. */
  public String workText() {
    return medianNs == 0 ? "-" : Units.prefixed(work, workUnit());
  }

  /** The rate: 2.00 GFLOP/s, 53.4 Meval/s; {@code above peak} when above the measured peak. */
  public String rateText() {
    if (medianNs == 0) {
      return "-";
    }
    return abovePeak() ? "above peak" : Units.prefixed(ratePerSecond(), workUnit() + "/s");
  }

  /** The speed-up over the oracle: 5.01x, 380x, 0.034x. */
  public String speedupText() {
    return medianNs == 0 ? "-" : Units.times(speedupVsOracle);
  }
}
