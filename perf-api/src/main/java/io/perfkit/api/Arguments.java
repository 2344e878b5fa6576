package io.perfkit.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks every Perfkit builder and setter makes, with one wording: the message
 * names the setting and the value refused ({@code "queue capacity 0 must be positive"}), so an
 * error read in a log says what to change. Each check returns the value it let through.
 */
public final class Arguments {

  private Arguments() {}

  /**
   * {@code value} if it is at least 1.
   *
   * @throws IllegalArgumentException "{@code what value} must be positive"
   */
  public static int positive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " " + value + " must be positive");
    }
    return value;
  }

  /**
   * {@code value} if it is at least 1.
   *
   * @throws IllegalArgumentException "{@code what value} must be positive"
   */
  public static long positive(String what, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " " + value + " must be positive");
    }
    return value;
  }

  /**
   * {@code value} if {@code min ≤ value ≤ max}.
   *
   * @throws IllegalArgumentException "{@code what value} must be between {@code min} and {@code max}"
   */
  public static int between(String what, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " " + value + " must be between " + min + " and " + max);
    }
    return value;
  }

  /**
   * {@code value} if it is at least {@code min}.
   *
   * @throws IllegalArgumentException "{@code what value} must be at least {@code min}"
   */
  public static long atLeast(String what, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " " + value + " must be at least " + min);
    }
    return value;
  }

  /**
   * {@code value} if it is zero or more.
   *
   * @throws IllegalArgumentException "{@code what value} is negative"
   */
  public static long notNegative(String what, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " " + value + " is negative");
    }
    return value;
  }

  /**
   * {@code value} if {@code min ≤ value ≤ max}.
   *
   * @throws IllegalArgumentException "{@code what value} must be between {@code min} and {@code max}"
   */
  public static long between(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " " + value + " must be between " + min + " and " + max);
    }
    return value;
  }

  /**
   * {@code value} if it is above zero and finite; NaN is refused.
   *
   * @throws IllegalArgumentException "{@code what value} must be positive and finite"
   */
  public static double positive(String what, double value) {
    if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(what + " " + value + " must be positive and finite");
    }
    return value;
  }

  /**
   * {@code value} if it is a fraction in (0, 1]; NaN is refused.
   *
   * @throws IllegalArgumentException "{@code what value} must be a fraction in (0, 1]"
   */
  public static double fraction(String what, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(what + " " + value + " must be a fraction in (0, 1]");
    }
    return value;
  }

  /**
   * {@code value} if it is longer than zero.
   *
   * @throws NullPointerException naming {@code what} when it is null
   * @throws IllegalArgumentException "{@code what value} must be positive"
   */
  public static Duration positive(String what, Duration value) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " " + value + " must be positive");
    }
    return value;
  }

  /**
   * {@code value} if it is zero or longer.
   *
   * @throws NullPointerException naming {@code what} when it is null
   * @throws IllegalArgumentException "{@code what value} is negative"
   */
  public static Duration notNegative(String what, Duration value) {
    Objects.requireNonNull(value, what);
    if (value.isNegative()) {
      throw new IllegalArgumentException(what + " " + value + " is negative");
    }
    return value;
  }

  /**
   * {@code value} if it is zero, meaning off, or at least one millisecond: a schedule that can be
   * turned off.
   *
   * @throws NullPointerException naming {@code what} when it is null
   * @throws IllegalArgumentException "{@code what value} must be zero (off) or at least 1 ms"
   */
  public static Duration offOrAtLeastOneMilli(String what, Duration value) {
    Objects.requireNonNull(value, what);
    if (!value.isZero() && (value.isNegative() || value.toMillis() < 1)) {
      throw new IllegalArgumentException(what + " " + value + " must be zero (off) or at least 1 ms");
    }
    return value;
  }

  /**
   * {@code value} if it is at least one millisecond: the finest period Perfkit schedules.
   *
   * @throws NullPointerException naming {@code what} when it is null
   * @throws IllegalArgumentException "{@code what value} must be at least 1 ms"
   */
  public static Duration atLeastOneMilli(String what, Duration value) {
    Objects.requireNonNull(value, what);
    if (value.toMillis() < 1) {
      throw new IllegalArgumentException(what + " " + value + " must be at least 1 ms");
    }
    return value;
  }

  /**
   * {@code q} if it is a quantile as Perfkit takes one everywhere: {@code 0 < q ≤ 1}, e.g. 0.99
   * for the 99th percentile. NaN is refused.
   *
   * @throws IllegalArgumentException "{@code what q} must be in (0, 1], e.g. 0.99"
   */
  public static double quantile(String what, double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException(what + " " + q + " must be in (0, 1], e.g. 0.99");
    }
    return q;
  }
}
