package io.perfkit.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Perfkit's one duration grammar, used by storage options, rules files and query parameters
 * alike: ISO-8601 ({@code PT0.5S}, {@code PT12H}, {@code P7D}) or a whole number with a unit,
 * {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
 * ({@code 500ms}, {@code 30s}, {@code 7d}; case-insensitive). Negative durations are refused.
 */
public final class Durations {

  /** What the grammar takes, for error messages. */
  public static final String GRAMMAR = "ISO-8601 (PT0.5S, P7D) or a whole number with ns, us, ms, s, m, h or d (500ms, 7d)";

  private Durations() {}

  /**
   * Parses {@code text} by the grammar.
   *
   * @throws IllegalArgumentException whose message quotes the text and says what is accepted
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a duration is required; use " + GRAMMAR);
    }
    String v = text.trim().toLowerCase(Locale.ROOT);
    Duration d = shortForm(v);
    if (d == null) {
      try {
        d = Duration.parse(text.trim());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(Identifiers.quote(text) + " is not a duration; use " + GRAMMAR);
      }
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException(Identifiers.quote(text) + " is a negative duration");
    }
    return d;
  }

  /** {@code 500ms} and the like, or null when {@code v} is not of that form. */
  private static Duration shortForm(String v) {
    int i = 0;
    while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
      i++;
    }
    if (i == 0 || i == v.length() || i > 18) {
      return null;
    }
    long n = Long.parseLong(v.substring(0, i));
    try {
      switch (v.substring(i)) {
        case "ns": return Duration.ofNanos(n);
        case "us": return Duration.ofNanos(Math.multiplyExact(n, 1_000L));
        case "ms": return Duration.ofMillis(n);
        case "s": return Duration.ofSeconds(n);
        case "m": return Duration.ofMinutes(n);
        case "h": return Duration.ofHours(n);
        case "d": return Duration.ofDays(n);
        default: return null;
      }
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
