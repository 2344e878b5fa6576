package io.perfkit.monitor.alert;

import io.perfkit.api.Units;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * What a rule's value measures, so that its messages print it for people: {@link #SECONDS}
 * as {@code 2.31 s}, {@link #BYTES} as {@code 388 MiB}, {@link #FRACTION} as {@code 0.3 %}, a
 * count of things as {@code 27 requests/s} ({@link #of}). Rendered by {@link Units}. Immutable.
 */
public final class Unit {

  /** A plain number: {@code 27}, {@code 0.15}. */
  public static final Unit NONE = new Unit("none", Units::number);
  /** Seconds, the unit timers are compared in: {@code 850 µs}, {@code 2.31 s}. */
  public static final Unit SECONDS = new Unit("seconds", Units::seconds);
  /** Bytes, in binary units: {@code 388 MiB}. */
  public static final Unit BYTES = new Unit("bytes", Units::bytes);
  /** Bytes per second: {@code 760 MiB/s}. */
  public static final Unit BYTES_PER_SECOND = new Unit("bytes/s", Units::bytesPerSecond);
  /** A fraction in [0, 1], as a percentage: {@code 0.3 %}. */
  public static final Unit FRACTION = new Unit("fraction", Units::percent);
  /** Anything per second: {@code 27/s}. */
  public static final Unit PER_SECOND = new Unit("/s", v -> Units.number(v) + "/s");

  private final String name;
  private final DoubleFunction<String> format;

  private Unit(String name, DoubleFunction<String> format) {
    this.name = name;
    this.format = format;
  }

  /**
   * A count of things named by {@code label}, printed after the number: {@code of("requests/s")}
   * prints 27 as {@code 27 requests/s}.
   */
  public static Unit of(String label) {
    Objects.requireNonNull(label, "label");
    if (label.isBlank()) {
      throw new IllegalArgumentException("a unit's label is blank; use Unit.NONE for a plain number");
    }
    String l = label.strip();
    return new Unit(l, v -> Units.number(v) + (l.startsWith("/") ? "" : " ") + l);
  }

  /**
   * The unit a metric's name and the statistic read from it imply, when the rule was given
   * none (a threshold given as a duration gives seconds): a name ending in {@code .bytes} or
   * {@code _bytes} is in bytes (per second for a rate, or a name with a {@code rate} part),
   * {@code .seconds} in seconds, {@code .fraction}, {@code .ratio} or {@code .overhead} a
   * fraction; a rate of anything else is per second.
   */
  static Unit implied(String metric, ThresholdRule.Source source) {
    int brace = metric.indexOf('{');
    String name = (brace < 0 ? metric : metric.substring(0, brace)).toLowerCase(Locale.ROOT);
    boolean rate = source == ThresholdRule.Source.RATE;
    if (name.endsWith("bytes")) {
      // a gauge of a rate, jvm.memory.allocation.rate.bytes, is per second too
      return rate || name.contains(".rate.") || name.contains("_rate_") ? BYTES_PER_SECOND : BYTES;
    }
    if (name.endsWith("seconds") && !rate) {
      return SECONDS;
    }
    if ((name.endsWith("fraction") || name.endsWith("ratio") || name.endsWith("overhead")) && !rate) {
      return FRACTION;
    }
    return rate ? PER_SECOND : NONE;
  }

  /** {@code v} in this unit, for people. */
  public String format(double v) {
    return format.apply(v);
  }

  @Override
  public String toString() {
    return name;
  }
}
