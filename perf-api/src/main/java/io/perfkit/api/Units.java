package io.perfkit.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Numbers as Perfkit prints them for people: three significant digits with no trailing zeros,
 * bytes in binary units ({@code 388 MiB}, {@code 1.5 GiB}), durations in the unit that fits
 * ({@code 850 µs}, {@code 301 ms}, {@code 2.31 s}, {@code 1.5 min}), fractions as percentages
 * ({@code 0.3 %}). One convention for every text output: alert messages, reports, examples.
 * Never prints an exponent, {@code NaN} or {@code Infinity} as a number: NaN reads
 * {@code "n/a"}, so a caller that has no value says so in words of its own before calling.
 */
public final class Units {

  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Units() {}

  /**
   * A plain number: whole numbers from 100 up as they are ({@code 2000}, {@code 406847488} is
   * never shortened), others to three significant digits ({@code 27}, {@code 26.5},
   * {@code 0.15}, {@code 0.000123}).
   */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "-∞";
    }
    if (Math.abs(v) >= 100) {
      return Long.toString(Math.round(v));
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    return d.scale() <= 0 ? Long.toString(d.longValue()) : d.toPlainString();
  }

  /** Bytes in binary units: {@code 512 B}, {@code 16.4 MiB}, {@code 388 MiB}, {@code 2 GiB}. */
  public static String bytes(double bytes) {
    if (!Double.isFinite(bytes)) {
      return number(bytes) + " B";
    }
    int unit = 0;
    double v = bytes;
    // 1000 or more of a unit reads as the next one: 1000 KiB is 0.977 MiB
    while (Math.abs(v) >= 1000 && unit < BYTE_UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return number(v) + " " + BYTE_UNITS[unit];
  }

  /** A rate of bytes: {@code 760 MiB/s}. */
  public static String bytesPerSecond(double bytesPerSecond) {
    return bytes(bytesPerSecond) + "/s";
  }

  /** Seconds in the unit that fits: {@code 850 µs}, {@code 301 ms}, {@code 2.31 s}, {@code 1.5 min}, {@code 2 h}. */
  public static String seconds(double seconds) {
    double a = Math.abs(seconds);
    if (!Double.isFinite(seconds) || a >= 1 && a < 60 || seconds == 0) {
      return number(seconds) + " s";
    }
    if (a >= 3600) {
      return number(seconds / 3600) + " h";
    }
    if (a >= 60) {
      return number(seconds / 60) + " min";
    }
    if (a >= 1e-3) {
      return number(seconds * 1e3) + " ms";
    }
    if (a >= 1e-6) {
      return number(seconds * 1e6) + " µs";
    }
    return number(seconds * 1e9) + " ns";
  }

  /** A duration, as {@link #seconds(double)}. */
  public static String duration(Duration d) {
    return seconds(d.getSeconds() + d.getNano() / 1e9);
  }

  /** A fraction as a percentage: 0.003 is {@code 0.3 %}, 0.1 is {@code 10 %}. */
  public static String percent(double fraction) {
    return number(fraction * 100) + " %";
  }
}
