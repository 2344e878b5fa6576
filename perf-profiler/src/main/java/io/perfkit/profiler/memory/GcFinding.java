package io.perfkit.profiler.memory;

import io.perfkit.api.alert.Severity;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a {@link GcReport} found, in words, with the numbers behind it.
 *
 * @param severity how much it matters
 * @param code a stable identifier ({@code gc-overhead}, {@code long-pause}, {@code heap-growth},
 *     …) for scripts and tests
 * @param message the finding in a sentence, numbers included
 * @param evidence the numbers the message was made from, by name, in base units (bytes, seconds,
 *     fractions)
 */
public record GcFinding(Severity severity, String code, String message, Map<String, Object> evidence) {

  public GcFinding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    evidence = Map.copyOf(evidence);
  }

  @Override
  public String toString() {
    return severity.wireName() + " " + code + ": " + message;
  }
}
