package io.perfkit.regress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fails a comparison on a significant slowdown beyond a threshold, and only then. A row fails
 * when its verdict is {@link Verdict#SLOWER} and its estimated slowdown is above the threshold
 * that applies to it: the first rule whose pattern matches the row's key, else the default.
 * Patterns are globs over the key ({@code StoreBenchmark.*}, {@code *Timer*}); thresholds read
 * {@code slower>5%}.
 *
 * <pre>{@code
 * Gate.failOn("slower>5%").rule("StoreBenchmark.*", "slower>20%")
 *     .check(Comparison.of(JmhRun.read(base), JmhRun.read(candidate)))
 *     .assertPassed();   // an AssertionError with the evidence, in JUnit or anywhere
 * }</pre>
 */
public final class Gate {

  private static final Pattern THRESHOLD = Pattern.compile("slower>(\\d+(?:\\.\\d+)?)%");

  private record Rule(String glob, Pattern pattern, double threshold) {}

  private final double defaultThreshold;
  private final List<Rule> rules = new ArrayList<>();

  private Gate(double defaultThreshold) {
    this.defaultThreshold = defaultThreshold;
  }

  /**
   * A gate failing rows slower than {@code threshold} ({@code slower>5%}).
   *
   * @throws IllegalArgumentException naming the text when it is not {@code slower>N%}
   */
  public static Gate failOn(String threshold) {
    return new Gate(parseThreshold(threshold));
  }

  /** A gate with no default: only the rows a {@link #rule} matches can fail. */
  public static Gate rulesOnly() {
    return new Gate(Double.POSITIVE_INFINITY);
  }

  /** A rule for the rows whose key matches {@code glob}; rules are tried in the order added. */
  public Gate rule(String glob, String threshold) {
    Objects.requireNonNull(glob, "glob");
    rules.add(new Rule(glob, globPattern(glob), parseThreshold(threshold)));
    return this;
  }

  /**
   * Parses {@code slower>N%} into N/100.
   *
   * @throws IllegalArgumentException naming the text
   */
  public static double parseThreshold(String text) {
    Objects.requireNonNull(text, "threshold");
    Matcher m = THRESHOLD.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("threshold '" + text + "' is not of the form slower>N% (e.g. slower>5%)");
    }
    return Double.parseDouble(m.group(1)) / 100;
  }

  private static Pattern globPattern(String glob) {
    StringBuilder re = new StringBuilder();
    for (char ch : glob.toCharArray()) {
      if (ch == '*') {
        re.append(".*");
      } else if (ch == '?') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(re.toString());
  }

  /** The threshold that applies to a row key; +∞ when none does ({@link #rulesOnly()}). */
  public double thresholdFor(String key) {
    for (Rule r : rules) {
      if (r.pattern().matcher(key).matches()) {
        return r.threshold();
      }
    }
    return defaultThreshold;
  }

  /** Applies the gate. */
  public Result check(Comparison comparison) {
    List<Row> failures = new ArrayList<>();
    for (Row row : comparison.rows()) {
      if (fails(row)) {
        failures.add(row);
      }
    }
    return new Result(comparison, failures, this);
  }

  /** Whether this row fails the gate. */
  public boolean fails(Row row) {
    return row.verdict() == Verdict.SLOWER && row.slowdown() > thresholdFor(row.key());
  }

  /**
   * What a gate found.
   *
   * @param comparison what was compared
   * @param failures the rows that failed, each with its evidence in {@link #evidence()}
   */
  public record Result(Comparison comparison, List<Row> failures, Gate gate) {

    public Result {
      failures = List.copyOf(failures);
    }

    public boolean passed() {
      return failures.isEmpty();
    }

    /** One line per failed row: the change, its interval, the p-value and the threshold it crossed. */
    public String evidence() {
      StringBuilder sb = new StringBuilder();
      for (Row r : failures) {
        double[] ci = r.slowdownInterval();
        sb.append(String.format(Locale.ROOT, "%s: %+.1f%% slower (%.0f%% interval %+.1f%% … %+.1f%%, p = %.3g,"
            + " %d vs %d samples), above the %.0f%% allowed; median %s → %s %s%n", r.key(), r.slowdown() * 100,
            comparison.options().confidence() * 100, ci[0] * 100, ci[1] * 100, r.p(), r.base().samples().length,
            r.candidate().samples().length, gate.thresholdFor(r.key()) * 100, Report.number(r.baseMedian()),
            Report.number(r.candidateMedian()), r.unit()));
      }
      return sb.toString();
    }

    /**
     * Throws when a row failed.
     *
     * @throws AssertionError with {@link #evidence()}, so a JUnit test fails with the numbers
     */
    public void assertPassed() {
      if (!passed()) {
        throw new AssertionError(failures.size() + " benchmark(s) significantly slower than allowed:\n" + evidence());
      }
    }
  }
}
