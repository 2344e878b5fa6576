package io.perfkit.regress;

import java.util.Optional;

/**
 * One benchmark and parameter set, compared.
 *
 * @param key the row's {@link JmhResult#key()}
 * @param base the baseline's result, null when only the candidate has it
 * @param candidate the candidate's result, null when only the baseline has it
 * @param ratio the Hodges–Lehmann estimate of candidate/base score with its interval; NaN when
 *     one side is missing
 * @param p the Mann–Whitney p-value; NaN when one side is missing
 * @param verdict what was concluded
 * @param note why, when the verdict needs a reason (too few samples, too much spread)
 */
public record Row(String key, JmhResult base, JmhResult candidate, Stats.Estimate ratio, double p, Verdict verdict,
    String note) {

  /** The baseline's median score. */
  public double baseMedian() {
    return base == null ? Double.NaN : Stats.median(base.samples());
  }

  /** The candidate's median score. */
  public double candidateMedian() {
    return candidate == null ? Double.NaN : Stats.median(candidate.samples());
  }

  /** The score's unit. */
  public String unit() {
    return (base != null ? base : candidate).unit();
  }

  /**
   * How much slower the candidate is, as a fraction (0.07 is 7 % slower, −0.10 is 10 % faster),
   * from the ratio estimate and the mode: for time per operation the ratio less one, for
   * throughput the inverse ratio less one. NaN when one side is missing.
   */
  public double slowdown() {
    return slowdownOf(ratio.value());
  }

  /** The interval of {@link #slowdown()}: {@code [low, high]}. */
  public double[] slowdownInterval() {
    double a = slowdownOf(ratio.low());
    double b = slowdownOf(ratio.high());
    return new double[] {Math.min(a, b), Math.max(a, b)};
  }

  private double slowdownOf(double r) {
    if (base == null || candidate == null) {
      return Double.NaN;
    }
    return base.higherIsBetter() ? 1 / r - 1 : r - 1;
  }

  /** The note, if any. */
  public Optional<String> noteIfAny() {
    return note == null || note.isEmpty() ? Optional.empty() : Optional.of(note);
  }
}
