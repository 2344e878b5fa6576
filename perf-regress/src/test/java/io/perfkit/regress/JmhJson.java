package io.perfkit.regress;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Writes JMH JSON results the way JMH does, from scores a test chooses. */
final class JmhJson {

  private final List<String> results = new ArrayList<>();

  /** A result: {@code forks} forks of {@code iterations} iterations drawn by {@code score}. */
  JmhJson add(String benchmark, String mode, String unit, String params, double[][] forks) {
    StringBuilder raw = new StringBuilder("[");
    for (int f = 0; f < forks.length; f++) {
      raw.append(f == 0 ? "" : ",").append('[');
      for (int i = 0; i < forks[f].length; i++) {
        raw.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", forks[f][i]));
      }
      raw.append(']');
    }
    raw.append(']');
    results.add("{\"jmhVersion\":\"1.37\",\"benchmark\":\"" + benchmark + "\",\"mode\":\"" + mode
        + "\",\"threads\":1,\"forks\":" + forks.length + ",\"params\":{" + params + "},"
        + "\"primaryMetric\":{\"score\":1.0,\"scoreError\":0.1,\"scoreUnit\":\"" + unit + "\",\"rawData\":" + raw
        + "},\"secondaryMetrics\":{}}");
    return this;
  }

  JmhRun run(String name) throws IOException {
    return JmhRun.read(name, new ByteArrayInputStream(text().getBytes(StandardCharsets.UTF_8)));
  }

  String text() {
    return "[" + String.join(",\n", results) + "]";
  }

  /** Scores around {@code center}, each times e^(σ·N(0,1)): multiplicative noise as benchmarks have. */
  static double[][] scores(long seed, int forks, int iterations, double center, double sigma) {
    Random r = new Random(seed);
    double[][] out = new double[forks][iterations];
    for (int f = 0; f < forks; f++) {
      for (int i = 0; i < iterations; i++) {
        out[f][i] = center * Math.exp(sigma * r.nextGaussian());
      }
    }
    return out;
  }
}
