package io.perfkit.monitor;

/**
 * How metric names map to Prometheus names, a rule promtool's linter accepts: every character
 * outside {@code [a-zA-Z0-9_:]} (so every dot) becomes {@code _}; timers get the base-unit
 * suffix {@code _seconds}; counters end in {@code _total} (added when missing). Tag keys map the
 * same way ({@code http.method} → {@code http_method}). A metric with a base unit has it as a
 * suffix, as Micrometer's Prometheus registry does ({@code jvm.memory.used} in bytes →
 * {@code jvm_memory_used_bytes}, a counter {@code bytes.sent} in bytes →
 * {@code bytes_sent_bytes_total}).
 */
public final class PrometheusNames {

  private PrometheusNames() {}

  /** The sanitized name, without suffix. */
  public static String sanitize(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 1);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (c >= '0' && c <= '9' && i > 0);
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }

  /** The family name a metric without a base unit is exposed under. */
  public static String family(String name, MetricKind kind) {
    return family(name, kind, "");
  }

  /** The family name a metric is exposed under; {@code unit} is ignored for timers. */
  public static String family(String name, MetricKind kind, String unit) {
    String base = sanitize(name);
    switch (kind) {
      case COUNTER:
        return withUnit(base.endsWith("_total") ? base.substring(0, base.length() - "_total".length()) : base, unit);
      case TIMER:
        return base.endsWith("_seconds") ? base : base + "_seconds";
      default:
        return withUnit(base, unit);
    }
  }

  private static String withUnit(String base, String unit) {
    return unit.isEmpty() || base.endsWith("_" + unit) ? base : base + "_" + unit;
  }

  /**
   * Checks a base unit: empty, or a letter or {@code _} followed by letters, digits and {@code _}.
   *
   * @throws IllegalArgumentException naming the unit
   */
  public static String checkUnit(String unit) {
    java.util.Objects.requireNonNull(unit, "unit");
    if (!unit.isEmpty() && !sanitize(unit).equals(unit) || unit.indexOf(':') >= 0) {
      throw new IllegalArgumentException("unit '" + unit + "' is invalid; use [a-zA-Z_][a-zA-Z0-9_]*, e.g. bytes");
    }
    return unit;
  }
}
