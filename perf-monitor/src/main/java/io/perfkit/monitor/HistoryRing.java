package io.perfkit.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@code capacity} points of one metric, kept as primitive columns (one {@code long[]}
 * of times and one {@code double[]} per field): memory is fixed when the ring is made and no
 * point is boxed until it is read. Thread-safe: written by the tick thread, read by any.
 */
final class HistoryRing {

  private final String[] fields;
  private final long[] epochMillis;
  private final double[][] columns;
  private int next;
  private int size;

  HistoryRing(int capacity, List<String> fields) {
    this.fields = fields.toArray(new String[0]);
    this.epochMillis = new long[capacity];
    this.columns = new double[this.fields.length][capacity];
  }

  synchronized void add(Instant time, Map<String, Double> values) {
    epochMillis[next] = time.toEpochMilli();
    for (int f = 0; f < fields.length; f++) {
      Double v = values.get(fields[f]);
      columns[f][next] = v == null ? Double.NaN : v;
    }
    next = (next + 1) % epochMillis.length;
    size = Math.min(size + 1, epochMillis.length);
  }

  /** Points oldest first. */
  synchronized List<HistoryPoint> points() {
    List<HistoryPoint> out = new ArrayList<>(size);
    int first = (next - size + epochMillis.length) % epochMillis.length;
    for (int i = 0; i < size; i++) {
      int at = (first + i) % epochMillis.length;
      Map<String, Double> values = new LinkedHashMap<>();
      for (int f = 0; f < fields.length; f++) {
        values.put(fields[f], columns[f][at]);
      }
      out.add(new HistoryPoint(Instant.ofEpochMilli(epochMillis[at]), values));
    }
    return out;
  }

  long footprintBytes() {
    return 8L * epochMillis.length * (1 + fields.length) + 64;
  }
}
