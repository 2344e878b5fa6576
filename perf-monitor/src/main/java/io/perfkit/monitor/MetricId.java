package io.perfkit.monitor;

import io.perfkit.api.Identifiers;
import io.perfkit.api.Labels;
import java.util.Map;
import java.util.Objects;

/**
 * A metric's name and labels. Names are a letter or {@code _}, then letters, digits, {@code _} and
 * {@code .} (at most 128 chars): {@code http.server.latency}. Tags follow the label grammar of
 * {@link Identifiers}. {@link #key()} is the text form used by {@code /metrics/{name}} and by
 * alert rules: the name alone, or {@code name{k=v,k2=v2}}.
 *
 * @param name the metric's name
 * @param labels its labels, possibly empty
 */
public record MetricId(String name, Labels labels) {

  /** Longest metric name accepted. */
  public static final int MAX_NAME_LENGTH = 128;

  public MetricId {
    checkName(name);
    Objects.requireNonNull(labels, "labels");
  }

  /** An id from a name and alternating tag keys and values. */
  public static MetricId of(String name, String... labels) {
    return new MetricId(name, Labels.of(labels));
  }

  /** The name alone, or {@code name{k=v,…}} with labels sorted by key. */
  public String key() {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.append('}').toString();
  }

  /** True when {@code name} is a valid metric name. */
  public static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    char c0 = name.charAt(0);
    if (!(Character.isLetter(c0) && c0 < 128 || c0 == '_')) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a metric name.
   *
   * @throws IllegalArgumentException naming the value and saying what is allowed
   */
  public static String checkName(String name) {
    Objects.requireNonNull(name, "metric name");
    if (!isValidName(name)) {
      throw new IllegalArgumentException("metric name " + Identifiers.quote(name)
          + " is invalid; use a letter or _ followed by up to " + (MAX_NAME_LENGTH - 1) + " of [a-zA-Z0-9_.]");
    }
    return name;
  }

  @Override
  public String toString() {
    return key();
  }
}
