package io.perfkit.kernels;

import java.util.Locale;

/**
 * What checking one variant against its operation's oracle found.
 *
 * @param passed whether every output was within the tolerance
 * @param error the largest error seen (up to the first failure), NaN when none could be measured
 * @param tolerance the bound the variant's declared accuracy gives at this size, NaN when none
 * @param detail in words: the first mismatch, a throw, or an accuracy that does not fit the
 *     operation; empty when it passed
 */
public record Verification(boolean passed, double error, double tolerance, String detail) {

  /** Every output within {@code tolerance}, the worst {@code error} off. */
  public static Verification passed(double error, double tolerance) {
    return new Verification(true, error, tolerance, "");
  }

  /** Failed, for the reason given. */
  public static Verification failed(String detail, double error, double tolerance) {
    return new Verification(false, error, tolerance, detail);
  }

  /** Failed before anything could be measured. */
  public static Verification failed(String detail) {
    return failed(detail, Double.NaN, Double.NaN);
  }

  /** One line: the error against the tolerance, and what failed. */
  @Override
  public String toString() {
    String numbers = Double.isNaN(tolerance) ? ""
        : String.format(Locale.ROOT, "error %.2e, tolerance %.2e", error, tolerance);
    if (passed) {
      return numbers;
    }
    return "FAIL: " + detail + (numbers.isEmpty() ? "" : " (" + numbers + ")");
  }
}
