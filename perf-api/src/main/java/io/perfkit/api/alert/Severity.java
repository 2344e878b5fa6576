package io.perfkit.api.alert;

import java.util.Locale;
import java.util.Objects;

/** How urgent an alert is. A firing {@link #CRITICAL} alert turns the monitor's health DOWN. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  /** The lower-case name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a name case-insensitively.
   *
   * @throws IllegalArgumentException naming the value
   */
  public static Severity parse(String name) {
    Objects.requireNonNull(name, "severity");
    for (Severity s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity '" + name + "'; known: info, warning, critical");
  }
}
