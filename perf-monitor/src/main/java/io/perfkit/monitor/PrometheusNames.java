package io.perfkit.monitor;

/**
 * How metric names map to Prometheus names, a rule promtool's linter accepts: every character
 * outside {@code [a-zA-Z0-9_:]} (so every dot) becomes {@code _}; timers get the base-unit
 * suffix {@code _seconds}; counters end in {@code _total} (added when missing). Tag keys map the
 * same way ({@code http.method} → {@code http_method}).
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

  /** The family name a metric is exposed under. */
  public static String family(String name, MetricKind kind) {
    String base = sanitize(name);
    switch (kind) {
      case COUNTER:
        return base.endsWith("_total") ? base.substring(0, base.length() - "_total".length()) : base;
      case TIMER:
        return base.endsWith("_seconds") ? base : base + "_seconds";
      default:
        return base;
    }
  }
}
