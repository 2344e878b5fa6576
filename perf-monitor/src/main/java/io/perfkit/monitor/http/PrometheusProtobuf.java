package io.perfkit.monitor.http;

import io.perfkit.api.Labels;
import io.perfkit.monitor.BucketCount;
import io.perfkit.monitor.CounterSample;
import io.perfkit.monitor.DistributionSample;
import io.perfkit.monitor.GaugeSample;
import io.perfkit.monitor.MetricSample;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.NativeHistogram;
import io.perfkit.monitor.PrometheusNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link MonitorSnapshot} in Prometheus's protobuf exposition format
 * ({@code io.prometheus.client.MetricFamily} messages, each prefixed by its length), the one
 * format that carries native histograms: every timer and distribution is a histogram whose
 * exponential buckets ({@link NativeHistogram}, schema {@value NativeHistogram#SCHEMA}) add
 * across instances, with its classic buckets too when it has any. A meter that keeps no values
 * (a supplied timer) is a summary of its count and sum. Counters, gauges, names, help and labels
 * are as in {@link PrometheusFormat}. Written by hand on the wire format (no protobuf library).
 */
public final class PrometheusProtobuf {

  /** The content type Prometheus asks for and this answers with. */
  public static final String CONTENT_TYPE =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

  // io.prometheus.client.MetricType
  private static final int COUNTER = 0;
  private static final int GAUGE = 1;
  private static final int SUMMARY = 2;
  private static final int HISTOGRAM = 4;

  /**
   * The zero bucket's width: Prometheus's own default, 2^-128. Perfkit's zero bucket holds values
   * of exactly 0, which it covers; a positive threshold is also what tells a Prometheus of the
   * 2.4x line that a histogram without values yet is a native one.
   */
  static final double ZERO_THRESHOLD = 0x1p-128;

  private PrometheusProtobuf() {}

  /** The delimited MetricFamily messages of {@code snapshot}, {@code common} on every series. */
  public static byte[] encode(MonitorSnapshot snapshot, Labels common) {
    Map<String, List<MetricSample>> families = new LinkedHashMap<>();
    for (MetricSample s : snapshot.samples().values()) {
      families.computeIfAbsent(PrometheusNames.family(s.id().name(), s.kind(), s.unit()), k -> new ArrayList<>()).add(s);
    }
    Wire out = new Wire(8192);
    Wire family = new Wire(1024);
    Wire metric = new Wire(1024);
    Wire part = new Wire(1024);
    Wire inner = new Wire(64);
    for (Map.Entry<String, List<MetricSample>> f : families.entrySet()) {
      MetricSample first = f.getValue().get(0);
      family.reset();
      String name = first instanceof CounterSample ? f.getKey() + "_total" : f.getKey();
      family.string(1, name);
      family.string(2, first.help().isEmpty() ? PrometheusFormat.defaultHelp(first) : first.help());
      family.varint(3, type(first));
      for (MetricSample s : f.getValue()) {
        metric.reset();
        for (Map.Entry<String, String> l : labels(s, common).entrySet()) {
          inner.reset();
          inner.string(1, PrometheusNames.sanitize(l.getKey()));
          inner.string(2, l.getValue());
          metric.message(1, inner);
        }
        part.reset();
        if (s instanceof CounterSample c) {
          part.fixed64(1, c.total());
          metric.message(3, part);
        } else if (s instanceof GaugeSample g) {
          part.fixed64(1, g.value());
          metric.message(2, part);
        } else {
          DistributionSample d = (DistributionSample) s;
          if (keepsValues(d)) {
            histogram(part, inner, d);
            metric.message(7, part);
          } else {
            part.varint(1, d.count());
            part.fixed64(2, d.sum());
            metric.message(4, part);
          }
        }
        family.message(4, metric);
      }
      out.delimited(family);
    }
    return out.toByteArray();
  }

  /** A meter with a histogram of its values; a supplied timer keeps only totals. */
  private static boolean keepsValues(DistributionSample d) {
    return d.count() == 0 || d.exponential().totalCount() > 0 || !d.buckets().isEmpty();
  }

  private static int type(MetricSample s) {
    if (s instanceof CounterSample) {
      return COUNTER;
    }
    if (s instanceof GaugeSample) {
      return GAUGE;
    }
    return keepsValues((DistributionSample) s) ? HISTOGRAM : SUMMARY;
  }

  /**
   * The Histogram message: count, sum, classic buckets (cumulative, +Inf implied by the count),
   * then the native part: schema, the zero threshold with the zero bucket's count, and the
   * positive buckets as spans of consecutive indexes with their counts delta-encoded.
   */
  private static void histogram(Wire h, Wire inner, DistributionSample d) {
    h.varint(1, d.count());
    h.fixed64(2, d.sum());
    for (BucketCount b : d.buckets()) {
      inner.reset();
      inner.varint(1, b.count());
      inner.fixed64(2, b.bound());
      h.message(3, inner);
    }
    NativeHistogram n = d.exponential();
    h.sint(5, n.schema());
    h.fixed64(6, ZERO_THRESHOLD);
    h.varint(7, n.zeroCount());
    if (n.size() == 0) {
      // a histogram without buckets is told native by an empty span, as Prometheus's own clients do
      inner.reset();
      inner.sint(1, 0);
      inner.varint(2, 0);
      h.message(12, inner);
      return;
    }
    int start = 0;
    int previousEnd = 0;  // one past the index of the last bucket of the previous span
    for (int i = 1; i <= n.size(); i++) {
      if (i == n.size() || n.index(i) != n.index(i - 1) + 1) {
        inner.reset();
        inner.sint(1, start == 0 ? n.index(0) : n.index(start) - previousEnd);
        inner.varint(2, i - start);
        h.message(12, inner);
        previousEnd = n.index(i - 1) + 1;
        start = i;
      }
    }
    long previous = 0;
    for (int i = 0; i < n.size(); i++) {
      h.sint(13, n.count(i) - previous);
      previous = n.count(i);
    }
  }

  private static Map<String, String> labels(MetricSample s, Labels common) {
    if (common.isEmpty()) {
      return s.id().labels().asMap();
    }
    TreeMap<String, String> merged = new TreeMap<>(common.asMap());
    merged.putAll(s.id().labels().asMap());
    return merged;
  }

  /** Protobuf's wire format into a growable buffer. */
  static final class Wire {
    private byte[] buf;
    private int size;

    Wire(int capacity) {
      buf = new byte[capacity];
    }

    void reset() {
      size = 0;
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    private void rawVarint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    private void tag(int field, int wireType) {
      rawVarint(((long) field << 3) | wireType);
    }

    void varint(int field, long v) {
      tag(field, 0);
      rawVarint(v);
    }

    /** A zigzag-encoded signed integer ({@code sint32}, {@code sint64}). */
    void sint(int field, long v) {
      tag(field, 0);
      rawVarint((v << 1) ^ (v >> 63));
    }

    void fixed64(int field, double v) {
      tag(field, 1);
      ensure(8);
      long bits = Double.doubleToRawLongBits(v);
      for (int i = 0; i < 8; i++) {
        buf[size++] = (byte) (bits >>> (8 * i));
      }
    }

    void string(int field, String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      tag(field, 2);
      rawVarint(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    void message(int field, Wire m) {
      tag(field, 2);
      rawVarint(m.size);
      ensure(m.size);
      System.arraycopy(m.buf, 0, buf, size, m.size);
      size += m.size;
    }

    /** {@code m} prefixed by its length: one message of a delimited stream. */
    void delimited(Wire m) {
      rawVarint(m.size);
      ensure(m.size);
      System.arraycopy(m.buf, 0, buf, size, m.size);
      size += m.size;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }
}
