package io.perfkit.monitor;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The monitor's meters by key, each with its history ring, and the rules that keep their names
 * apart: one kind per name, and one metric per Prometheus family name (so {@code a.b} and
 * {@code a_b} cannot both be exposed as {@code a_b}). Lookups are lock-free; registration of a
 * new key is serialized.
 */
final class MeterTable {

  /** A registered meter and the history of its samples. */
  record Entry(Meter meter, HistoryRing history) {}

  private final int historySize;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> familyOwners = new ConcurrentHashMap<>();

  MeterTable(int historySize) {
    this.historySize = historySize;
  }

  /**
   * The meter with this id, made by {@code factory} on first use.
   *
   * @throws IllegalArgumentException when the id's name is already another kind or another type
   *     of gauge, or its exposition name collides with another metric's
   */
  <T extends Meter> T register(MetricId id, MetricKind kind, String unit, Supplier<T> factory, Class<T> type) {
    Objects.requireNonNull(id, "id");
    Entry existing = entries.get(id.key());
    if (existing == null) {
      synchronized (entries) {
        existing = entries.get(id.key());
        if (existing == null) {
          checkName(id, kind, unit);
          T meter = factory.get();
          entries.put(id.key(), new Entry(meter, new HistoryRing(historySize, meter.fields())));
          return meter;
        }
      }
    }
    Meter m = existing.meter();
    if (m.kind() != kind) {
      throw new IllegalArgumentException("metric '" + id.key() + "' is already a " + m.kind()
          + "; it cannot also be a " + kind);
    }
    if (!type.isInstance(m)) {
      throw new IllegalArgumentException("metric '" + id.key() + "' is already a " + m.getClass().getSimpleName()
          + "; it cannot also be a " + type.getSimpleName());
    }
    return type.cast(m);
  }

  private void checkName(MetricId id, MetricKind kind, String unit) {
    String family = PrometheusNames.family(id.name(), kind, unit);
    String owner = familyOwners.putIfAbsent(family, id.name());
    if (owner != null && !owner.equals(id.name())) {
      throw new IllegalArgumentException("metric name '" + id.name() + "' is exposed as '" + family
          + "', which metric '" + owner + "' already uses; rename one of them");
    }
    for (Entry e : entries.values()) {
      if (e.meter().id().name().equals(id.name()) && e.meter().kind() != kind) {
        throw new IllegalArgumentException("metric '" + id.name() + "' is already a " + e.meter().kind()
            + "; it cannot also be a " + kind);
      }
    }
  }

  /**
   * Removes the meter with this key and its history; its Prometheus family name is free again
   * once no meter of its name is left.
   *
   * @return the removed meter, or null when there was none
   */
  Meter remove(String key) {
    synchronized (entries) {
      Entry e = entries.remove(key);
      if (e == null) {
        return null;
      }
      String name = e.meter().id().name();
      boolean nameLeft = entries.values().stream().anyMatch(x -> x.meter().id().name().equals(name));
      if (!nameLeft) {
        familyOwners.remove(PrometheusNames.family(name, e.meter().kind(), e.meter().unit()), name);
      }
      return e.meter();
    }
  }

  /** The entry of this key, or null. */
  Entry get(String key) {
    return entries.get(key);
  }

  Collection<Entry> entries() {
    return entries.values();
  }

  /** Every key, sorted. */
  List<String> keys() {
    return List.copyOf(new TreeMap<>(entries).keySet());
  }

  /** Bytes held by distributions and history rings. */
  long footprintBytes() {
    long bytes = 0;
    for (Entry e : entries.values()) {
      bytes += e.history().footprintBytes();
      if (e.meter() instanceof DistributionMeter d) {
        bytes += d.footprintBytes();
      }
    }
    return bytes;
  }
}
