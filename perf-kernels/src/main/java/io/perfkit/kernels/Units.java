package io.perfkit.kernels;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers as a person reads them: three significant digits, a unit with an SI prefix. */
final class Units {

  private Units() {}

  /** 850 ns, 20.1 µs, 1.23 ms, 2.50 s. */
  static String nanos(long ns) {
    if (ns < 1_000) {
      return ns + " ns";
    }
    // from 999.5 up, three digits round to the next unit's 1.00
    if (ns < 999_500) {
      return significant(ns / 1e3) + " µs";
    }
    if (ns < 999_500_000) {
      return significant(ns / 1e6) + " ms";
    }
    return significant(ns / 1e9) + " s";
  }

  /** {@code value} with an SI prefix glued to {@code unit}: 524 kFLOP, 2.00 GFLOP/s, 1.23 Meval. */
  static String prefixed(double value, String unit) {
    String[] prefixes = {"", "k", "M", "G", "T", "P"};
    int p = 0;
    double v = value;
    while (Math.abs(v) >= 999.5 && p < prefixes.length - 1) {
      v /= 1000;
      p++;
    }
    return significant(v) + " " + prefixes[p] + unit;
  }

  /** A ratio: 5.01x, 44.0x, 380x, 3,980x, and below 1 two significant digits (0.63x, 0.0042x), never 0.0x. */
  static String times(double ratio) {
    if (ratio > 0 && ratio < 1) {
      return new BigDecimal(ratio).round(new MathContext(2)).stripTrailingZeros().toPlainString() + "x";
    }
    return significant(ratio) + "x";
  }

  /** Three significant digits from 1 up (1.23, 12.3, 123, 1,230); 0 as 0. */
  static String significant(double v) {
    double a = Math.abs(v);
    if (a == 0 || !Double.isFinite(v)) {
      return a == 0 ? "0" : String.valueOf(v);
    }
    if (a < 1) {
      return new BigDecimal(v).round(new MathContext(3)).toPlainString();
    }
    double rounded = new BigDecimal(v).round(new MathContext(3)).doubleValue();
    double r = Math.abs(rounded);
    String format = r >= 100 ? "%,.0f" : r >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, format, rounded);
  }
}
