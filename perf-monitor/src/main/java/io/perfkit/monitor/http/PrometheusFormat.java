package io.perfkit.monitor.http;

import io.perfkit.api.Labels;
import io.perfkit.monitor.BucketCount;
import io.perfkit.monitor.CounterSample;
import io.perfkit.monitor.DistributionSample;
import io.perfkit.monitor.GaugeSample;
import io.perfkit.monitor.MetricKind;
import io.perfkit.monitor.MetricSample;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.PrometheusNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link MonitorSnapshot} in the Prometheus text exposition format 0.0.4 or in
 * OpenMetrics 1.0. It reads only the snapshot, so a scrape never touches the recording path.
 *
 * <p>Names follow {@link PrometheusNames}: dots become underscores, counters are exposed as
 * {@code NAME_total}, timers in seconds as {@code NAME_seconds}. A timer or distribution with
 * {@linkplain io.perfkit.monitor.HistogramSettings#buckets() buckets} is a histogram: a
 * {@code _bucket} line per bound and {@code +Inf}, counts since start; one without is a summary
 * with its {@linkplain io.perfkit.monitor.HistogramSettings#quantiles() quantiles} (0.5, 0.9, 0.99
 * and 0.999 unless others were asked for) over the sliding window, NaN until the window's first
 * slot completes. Both have {@code _sum} and {@code _count} since start. Every family has HELP and
 * TYPE lines.
 *
 * <p>Labels given to {@link #text(MonitorSnapshot, Labels)} go on every series, as the
 * {@code service} and {@code instance} of a fleet's JVM do; a metric's own tag of the same name
 * wins.
 */
public final class PrometheusFormat {

  /** The 0.0.4 content type. */
  public static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /** The OpenMetrics content type. */
  public static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private PrometheusFormat() {}

  /** The 0.0.4 text of {@code snapshot}. */
  public static String text(MonitorSnapshot snapshot) {
    return text(snapshot, Labels.empty());
  }

  /** The 0.0.4 text of {@code snapshot}, {@code common} on every series. */
  public static String text(MonitorSnapshot snapshot, Labels common) {
    StringBuilder sb = new StringBuilder(4096);
    write(sb, snapshot, false, common);
    return sb.toString();
  }

  /** The OpenMetrics 1.0 text of {@code snapshot}, ending in {@code # EOF}. */
  public static String openMetrics(MonitorSnapshot snapshot) {
    return openMetrics(snapshot, Labels.empty());
  }

  /** The OpenMetrics 1.0 text of {@code snapshot}, {@code common} on every series. */
  public static String openMetrics(MonitorSnapshot snapshot, Labels common) {
    StringBuilder sb = new StringBuilder(4096);
    write(sb, snapshot, true, common);
    sb.append("# EOF\n");
    return sb.toString();
  }

  private static void write(StringBuilder sb, MonitorSnapshot snapshot, boolean openMetrics, Labels common) {
    Map<String, List<MetricSample>> families = new LinkedHashMap<>();
    for (MetricSample s : snapshot.samples().values()) {
      families.computeIfAbsent(PrometheusNames.family(s.id().name(), s.kind(), s.unit()), k -> new ArrayList<>()).add(s);
    }
    for (Map.Entry<String, List<MetricSample>> f : families.entrySet()) {
      MetricSample first = f.getValue().get(0);
      // 0.0.4 names a counter's family as its samples (NAME_total); OpenMetrics names it NAME.
      String family = f.getKey();
      String declared = !openMetrics && first instanceof CounterSample ? family + "_total" : family;
      String help = first.help().isEmpty() ? defaultHelp(first) : first.help();
      sb.append("# HELP ").append(declared).append(' ');
      escapeHelp(sb, help);
      sb.append('\n');
      sb.append("# TYPE ").append(declared).append(' ').append(type(first)).append('\n');
      if (openMetrics && first.kind() == MetricKind.TIMER) {
        sb.append("# UNIT ").append(family).append(" seconds\n");
      }
      String total = family + "_total";
      String sum = family + "_sum";
      String count = family + "_count";
      String bucket = family + "_bucket";
      for (MetricSample s : f.getValue()) {
        String labels = labels(s, common);
        if (s instanceof CounterSample c) {
          line(sb, total, labels, c.total());
        } else if (s instanceof GaugeSample g) {
          line(sb, family, labels, g.value());
        } else {
          DistributionSample d = (DistributionSample) s;
          if (d.buckets().isEmpty()) {
            for (Map.Entry<Double, Double> q : d.windowQuantiles().entrySet()) {
              line(sb, family, labels, "quantile", Double.toString(q.getKey()), q.getValue());
            }
          } else {
            for (BucketCount b : d.buckets()) {
              line(sb, bucket, labels, "le", Double.toString(b.bound()), b.count());
            }
            line(sb, bucket, labels, "le", "+Inf", d.count());
          }
          line(sb, sum, labels, d.sum());
          line(sb, count, labels, d.count());
        }
      }
    }
  }

  /** The family's Prometheus type: a distribution with buckets is a histogram, one without a summary. */
  private static String type(MetricSample s) {
    if (s instanceof CounterSample) {
      return "counter";
    } else if (s instanceof GaugeSample) {
      return "gauge";
    }
    return ((DistributionSample) s).buckets().isEmpty() ? "summary" : "histogram";
  }

  /** A sample's labels as {@code k="v",k2="v2"}, rendered once for all of its lines. */
  private static String labels(MetricSample s, Labels common) {
    Map<String, String> labels = s.id().labels().asMap();
    if (!common.isEmpty()) {
      TreeMap<String, String> merged = new TreeMap<>(common.asMap());
      merged.putAll(labels);
      labels = merged;
    }
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(32);
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(PrometheusNames.sanitize(e.getKey())).append("=\"");
      escapeLabel(sb, e.getValue());
      sb.append('"');
    }
    return sb.toString();
  }

  static String defaultHelp(MetricSample s) {
    if (s instanceof CounterSample) {
      return "Counter " + s.id().name();
    } else if (s instanceof GaugeSample) {
      return "Gauge " + s.id().name();
    }
    return s.kind() == MetricKind.TIMER ? "Timer " + s.id().name() + " in seconds" : "Distribution " + s.id().name();
  }

  private static void line(StringBuilder sb, String name, String labels, double value) {
    line(sb, name, labels, null, null, value);
  }

  /** A series line; {@code extraLabel} ({@code quantile}, {@code le}) follows the labels when not null. */
  private static void line(StringBuilder sb, String name, String labels, String extraLabel, String extraValue,
      double value) {
    sb.append(name);
    if (!labels.isEmpty() || extraLabel != null) {
      sb.append('{').append(labels);
      if (extraLabel != null) {
        if (!labels.isEmpty()) {
          sb.append(',');
        }
        sb.append(extraLabel).append("=\"").append(extraValue).append('"');
      }
      sb.append('}');
    }
    sb.append(' ').append(number(value)).append('\n');
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static void escapeLabel(StringBuilder sb, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\') {
        sb.append("\\\\");
      } else if (c == '"') {
        sb.append("\\\"");
      } else if (c == '\n') {
        sb.append("\\n");
      } else {
        sb.append(c);
      }
    }
  }

  private static void escapeHelp(StringBuilder sb, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\') {
        sb.append("\\\\");
      } else if (c == '\n') {
        sb.append("\\n");
      } else {
        sb.append(c);
      }
    }
  }
}
