package io.perfkit.http;

import io.perfkit.api.Durations;
import io.perfkit.api.Identifiers;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request's query parameters, percent-decoded, with typed readers whose errors are 400s that
 * name the parameter and the bad value. A {@code +} is a plus sign, as in every other URI
 * Perfkit reads ({@code StorageUri}): spaces are {@code %20}. Immutable.
 */
public final class QueryParams {

  /** Most parameters one request may carry. */
  public static final int MAX_PARAMETERS = 64;

  private static final QueryParams EMPTY = new QueryParams(Map.of());

  private final Map<String, List<String>> values;

  private QueryParams(Map<String, List<String>> values) {
    this.values = values;
  }

  /**
   * Parses a raw (still encoded) query string; null or empty gives no parameters.
   *
   * @throws HttpError 400 naming a part that is not valid percent-encoding, or too many parts
   */
  public static QueryParams parse(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return EMPTY;
    }
    Map<String, List<String>> q = new LinkedHashMap<>();
    int parts = 0;
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      if (++parts > MAX_PARAMETERS) {
        throw HttpError.badRequest("the query has more than " + MAX_PARAMETERS + " parameters");
      }
      int eq = part.indexOf('=');
      String k = PercentDecoding.decode(eq < 0 ? part : part.substring(0, eq), "query parameter name");
      String v = eq < 0 ? "" : PercentDecoding.decode(part.substring(eq + 1), "value of '" + k + "'");
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    q.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return new QueryParams(Collections.unmodifiableMap(q));
  }

  /** Parameter names, in the order they first appear. */
  public Set<String> names() {
    return values.keySet();
  }

  /**
   * Refuses a parameter outside {@code known} (listed in the error in the order given).
   *
   * @throws HttpError 400 naming the unknown parameter and the known ones
   */
  public QueryParams onlyKnown(List<String> known) {
    for (String k : values.keySet()) {
      if (!known.contains(k)) {
        throw HttpError.badRequest("unknown parameter " + Identifiers.quote(k) + "; known: " + String.join(", ", known));
      }
    }
    return this;
  }

  /** Every value of a parameter that may repeat; empty when absent. */
  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  /**
   * The value of a parameter given at most once.
   *
   * @throws HttpError 400 when it is given more than once
   */
  public Optional<String> one(String name) {
    List<String> v = values.get(name);
    if (v == null || v.isEmpty()) {
      return Optional.empty();
    }
    if (v.size() > 1) {
      throw HttpError.badRequest("parameter '" + name + "' is given " + v.size() + " times");
    }
    return Optional.of(v.get(0));
  }

  /**
   * A whole number in {@code [min, max]}, or {@code fallback} when absent.
   *
   * @throws HttpError 400 naming the parameter, the value and the range
   */
  public int intIn(String name, int fallback, int min, int max) {
    Optional<String> v = one(name);
    if (v.isEmpty()) {
      return fallback;
    }
    String s = v.get();
    try {
      int n = Integer.parseInt(s);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw HttpError.badRequest(name + " " + Identifiers.quote(s) + " must be a whole number from " + min + " to " + max);
  }

  /**
   * An ISO-8601 instant such as {@code 2026-11-27T10:00:00Z}.
   *
   * @throws HttpError 400 naming the parameter and the value
   */
  public Optional<Instant> instant(String name) {
    return one(name).map(s -> {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw HttpError.badRequest(name + " " + Identifiers.quote(s) + " is not an ISO-8601 instant such as 2026-11-27T10:00:00Z");
      }
    });
  }

  /**
   * A duration by Perfkit's one grammar ({@link Durations}: {@code PT0.5S}, {@code 500ms},
   * {@code 7d}), or a bare whole number of milliseconds.
   *
   * @throws HttpError 400 naming the parameter and the value
   */
  public Optional<Duration> duration(String name) {
    return one(name).map(s -> {
      try {
        boolean millis = !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9');
        return millis ? Duration.ofMillis(Long.parseLong(s)) : Durations.parse(s);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest(name + " " + Identifiers.quote(s) + " is not a duration; use " + Durations.GRAMMAR
            + ", or whole milliseconds");
      }
    });
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
