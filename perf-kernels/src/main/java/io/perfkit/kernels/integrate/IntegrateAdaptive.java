package io.perfkit.kernels.integrate;

import io.perfkit.api.Arguments;
import io.perfkit.api.kernel.Accuracy;
import io.perfkit.api.kernel.Integrand;
import io.perfkit.api.kernel.IntegrateKernel;
import io.perfkit.kernels.internal.Checks;

/**
 * Globally adaptive Simpson to a tolerance (1e-10 absolute by default), the practitioner's
 * choice: it keeps refining the interval with the largest error estimate, so evaluations go
 * where the integrand bends. Here {@code n} caps the evaluations; the
 * estimate returned is the best within that budget. {@link #integrateWithError} also returns the
 * error estimate.
 */
public final class IntegrateAdaptive implements IntegrateKernel {

  /** A value with its error estimate and the evaluations it took. */
  public record Result(double value, double errorEstimate, long evaluations) {}

  private static final double DEFAULT_TOLERANCE = 1e-10;

  @Override
  public String variant() {
    return "adaptive";
  }

  @Override
  public Accuracy accuracy() {
    return Accuracy.absolute(1e-8);
  }

  @Override
  public String description() {
    return "adaptive Simpson to 1e-10, n caps the evaluations";
  }

  @Override
  public double integrate(Integrand f, double a, double b, int n) {
    return integrateWithError(f, a, b, DEFAULT_TOLERANCE, n).value();
  }

  /**
   * @param tolerance absolute error sought
   * @param maxEvaluations evaluations allowed, at least 5
   */
  public Result integrateWithError(Integrand f, double a, double b, double tolerance, int maxEvaluations) {
    Checks.bounds(a, b, maxEvaluations);
    Arguments.positive("tolerance", tolerance);
    if (maxEvaluations < 5) {
      throw new IllegalArgumentException("adaptive Simpson needs at least 5 evaluations; got n=" + maxEvaluations);
    }
    // Globally adaptive: always refine the interval whose error estimate is largest, so a
    // budget is spent where the integrand bends, not on whichever side comes first.
    java.util.PriorityQueue<Segment> queue = new java.util.PriorityQueue<>((x, y) -> Double.compare(y.error, x.error));
    double fa = f.applyAsDouble(a);
    double fm = f.applyAsDouble((a + b) / 2);
    double fb = f.applyAsDouble(b);
    Segment first = Segment.of(f, a, b, fa, fm, fb);
    long evals = 5;
    queue.add(first);
    double total = first.value;
    double error = first.error;
    while (error > tolerance && evals + 4 <= maxEvaluations) {
      Segment worst = queue.poll();
      double m = (worst.a + worst.b) / 2;
      Segment left = Segment.of(f, worst.a, m, worst.fa, worst.flm, worst.fm);
      Segment right = Segment.of(f, m, worst.b, worst.fm, worst.frm, worst.fb);
      evals += 4;
      total += left.value + right.value - worst.value;
      error += left.error + right.error - worst.error;
      queue.add(left);
      queue.add(right);
    }
    return new Result(total, error, evals);
  }

  /** [a, b] with f at its ends, quarter points and middle: Simpson on halves, Richardson-corrected. */
  private static final class Segment {
    final double a;
    final double b;
    final double fa;
    final double flm;
    final double fm;
    final double frm;
    final double fb;
    final double value;
    final double error;

    private Segment(double a, double b, double fa, double flm, double fm, double frm, double fb) {
      this.a = a;
      this.b = b;
      this.fa = fa;
      this.flm = flm;
      this.fm = fm;
      this.frm = frm;
      this.fb = fb;
      double whole = (b - a) / 6 * (fa + 4 * fm + fb);
      double halves = (b - a) / 12 * (fa + 4 * flm + 2 * fm + 4 * frm + fb);
      this.value = halves + (halves - whole) / 15;
      this.error = Math.abs(halves - whole) / 15;
    }

    /** Evaluates the two quarter points. */
    static Segment of(Integrand f, double a, double b, double fa, double fm, double fb) {
      double flm = f.applyAsDouble(a + (b - a) / 4);
      double frm = f.applyAsDouble(a + 3 * (b - a) / 4);
      return new Segment(a, b, fa, flm, fm, frm, fb);
    }
  }
}
