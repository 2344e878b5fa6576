package io.perfkit.api.storage;

import io.perfkit.api.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the values of storage URI options, so that every provider reads {@code maxAge=7d} or
 * {@code maxBytes=512MiB} the same way and names the option in its error.
 */
public final class StorageOptions {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|kb|mb|gb|tb|kib|mib|gib|tib|k|m|g|t)");

  private StorageOptions() {}

  /**
   * A duration by Perfkit's one grammar ({@link Durations}: {@code PT12H}, {@code P7D},
   * {@code 500ms}, {@code 7d}).
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  public static Duration duration(String option, String value) {
    Duration d;
    try {
      d = Durations.parse(value);
    } catch (IllegalArgumentException e) {
      boolean negative = e.getMessage().endsWith("is a negative duration");
      throw new IllegalArgumentException("option " + option + "='" + value + "' "
          + (negative ? "is negative" : "is not a duration; use " + Durations.GRAMMAR));
    }
    return d;
  }

  /**
   * A size in bytes: a number with an optional unit ({@code 1048576}, {@code 500MB},
   * {@code 2GiB}; k, m, g and t are binary).
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  public static long size(String option, String value) {
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("option " + option + "='" + value
          + "' is not a size; use bytes or a number with KB, MB, GB, KiB, MiB or GiB");
    }
    long n = Long.parseLong(m.group(1));
    int shift;
    switch (m.group(2)) {
      case "": case "b": return n;
      case "kb": return Math.multiplyExact(n, 1000L);
      case "mb": return Math.multiplyExact(n, 1000_000L);
      case "gb": return Math.multiplyExact(n, 1000_000_000L);
      case "tb": return Math.multiplyExact(n, 1000_000_000_000L);
      case "kib": case "k": shift = 10; break;
      case "mib": case "m": shift = 20; break;
      case "gib": case "g": shift = 30; break;
      default: shift = 40; break;
    }
    return Math.multiplyExact(n, 1L << shift);
  }

  /**
   * A positive whole number.
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  public static long positive(String option, String value) {
    try {
      long n = Long.parseLong(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("option " + option + "='" + value + "' is not a positive whole number");
  }

  /**
   * {@code true} or {@code false}.
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  public static boolean bool(String option, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true": return true;
      case "false": return false;
      default: throw new IllegalArgumentException("option " + option + "='" + value + "' is not true or false");
    }
  }
}
