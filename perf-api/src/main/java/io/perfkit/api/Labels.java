package io.perfkit.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable, sorted set of string labels, each key and value checked by {@link Identifiers}.
 * At most {@value #MAX_LABELS} labels. Thread-safe: instances never change.
 */
public final class Labels {

  /** Most labels one set may hold. */
  public static final int MAX_LABELS = 64;

  private static final Labels EMPTY = new Labels(Collections.emptySortedMap());

  private final SortedMap<String, String> map;

  private Labels(SortedMap<String, String> map) {
    this.map = map;
  }

  /** The empty set. */
  public static Labels empty() {
    return EMPTY;
  }

  /**
   * Labels from alternating keys and values: {@code Labels.of("path", "/slow", "status", "200")}.
   *
   * @throws IllegalArgumentException for an odd count, a repeated key or an invalid key or value
   */
  public static Labels of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "labels need key/value pairs; got " + keysAndValues.length + " strings");
    }
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = keysAndValues[i];
      if (m.put(Identifiers.checkLabelKey(key),
          Identifiers.checkLabelValue(key, keysAndValues[i + 1])) != null) {
        throw new IllegalArgumentException("label key '" + key + "' is given twice");
      }
    }
    return of(m);
  }

  /**
   * Labels copied from a map, each entry checked.
   *
   * @throws IllegalArgumentException naming the first invalid key or value, or when there are
   *     more than {@value #MAX_LABELS}
   */
  public static Labels from(Map<String, String> labels) {
    Objects.requireNonNull(labels, "labels");
    if (labels instanceof SortedMap && labels.isEmpty()) {
      return EMPTY;
    }
    TreeMap<String, String> m = new TreeMap<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      m.put(Identifiers.checkLabelKey(e.getKey()),
          Identifiers.checkLabelValue(e.getKey(), e.getValue()));
    }
    return of(m);
  }

  private static Labels of(TreeMap<String, String> m) {
    if (m.size() > MAX_LABELS) {
      throw new IllegalArgumentException(
          m.size() + " labels given; at most " + MAX_LABELS + " are allowed");
    }
    return m.isEmpty() ? EMPTY : new Labels(Collections.unmodifiableSortedMap(m));
  }

  /** This set with one label added or replaced. */
  public Labels with(String key, String value) {
    TreeMap<String, String> m = new TreeMap<>(map);
    m.put(Identifiers.checkLabelKey(key), Identifiers.checkLabelValue(key, value));
    return of(m);
  }

  /** This set with every label of {@code other} added, {@code other} winning on a shared key. */
  public Labels withAll(Labels other) {
    if (other.isEmpty()) {
      return this;
    }
    TreeMap<String, String> m = new TreeMap<>(map);
    m.putAll(other.map);
    return of(m);
  }

  /** The value of {@code key}, if present. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(map.get(key));
  }

  /** True when every label of {@code required} is present here with the same value. */
  public boolean containsAll(Labels required) {
    for (Map.Entry<String, String> e : required.map.entrySet()) {
      if (!e.getValue().equals(map.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** An unmodifiable view sorted by key. */
  public SortedMap<String, String> asMap() {
    return map;
  }

  public int size() {
    return map.size();
  }

  public boolean isEmpty() {
    return map.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels && ((Labels) o).map.equals(map);
  }

  @Override
  public int hashCode() {
    return map.hashCode();
  }

  @Override
  public String toString() {
    return map.toString();
  }
}
