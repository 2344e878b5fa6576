package io.perfkit.kernels;

/**
 * One variant at one size in a race.
 *
 * @param operation {@code dot}, {@code matmul}, {@code integrate} or {@code fft}
 * @param variant the variant's name
 * @param n the size
 * @param verified whether it matched the oracle within tolerance (a failed variant is not timed)
 * @param medianNs median time of one call, nanoseconds (0 when not timed)
 * @param p99Ns 99th percentile, nanoseconds (0 when not timed)
 * @param gflops billions of floating-point operations a second at the median
 * @param speedupVsNaive the oracle's median over this one's
 * @param error what verification found (the relative error, or the failure)
 */
public record RaceResult(String operation, String variant, long n, boolean verified, long medianNs, long p99Ns,
    double gflops, double speedupVsNaive, String error) {}
