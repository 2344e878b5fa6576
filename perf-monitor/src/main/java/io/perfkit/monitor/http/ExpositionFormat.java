package io.perfkit.monitor.http;

import java.util.Locale;

/**
 * The exposition formats {@code /prometheus} speaks, and which one an {@code Accept} header asks
 * for: the acceptable one with the highest {@code q}, the richer on a tie (protobuf, then
 * OpenMetrics, then text). A header that asks for nothing we speak, or none, gets the text
 * format 0.0.4, never an error.
 */
enum ExpositionFormat {
  PROTOBUF, OPENMETRICS, TEXT;

  static ExpositionFormat negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return TEXT;
    }
    ExpositionFormat best = TEXT;
    double bestQ = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      if (parts.length == 0) {
        continue;
      }
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      String proto = null;
      String encoding = null;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        if (kv.length != 2) {
          continue;
        }
        String k = kv[0].trim().toLowerCase(Locale.ROOT);
        String v = kv[1].trim();
        if (k.equals("q")) {
          try {
            q = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            q = 0;
          }
        } else if (k.equals("proto")) {
          proto = v;
        } else if (k.equals("encoding")) {
          encoding = v;
        }
      }
      ExpositionFormat f = of(type, proto, encoding);
      if (f == null || q <= 0) {
        continue;
      }
      if (q > bestQ || q == bestQ && f.ordinal() < best.ordinal()) {
        best = f;
        bestQ = q;
      }
    }
    return best;
  }

  private static ExpositionFormat of(String type, String proto, String encoding) {
    switch (type) {
      case "application/vnd.google.protobuf":
        boolean ours = (proto == null || proto.equals("io.prometheus.client.MetricFamily"))
            && (encoding == null || encoding.equals("delimited"));
        return ours ? PROTOBUF : null;
      case "application/openmetrics-text":
        return OPENMETRICS;
      case "text/plain":
      case "text/*":
      case "*/*":
        return TEXT;
      default:
        return null;
    }
  }
}
