package io.perfkit.regress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A JMH run read from its JSON result file ({@code java -jar benchmarks.jar -rf json -rff
 * run.json}): one {@link JmhResult} per benchmark and parameter set, with the raw score of every
 * iteration of every fork. Sample-mode results, which JMH stores as histograms, contribute each
 * iteration's mean.
 */
public final class JmhRun {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;
  private final Map<String, JmhResult> byKey;

  private JmhRun(String source, Map<String, JmhResult> byKey) {
    this.source = source;
    this.byKey = Collections.unmodifiableMap(byKey);
  }

  /**
   * Reads a JMH JSON result file.
   *
   * @throws IOException when the file cannot be read, or is not JMH's JSON (the message names
   *     the file and what was wrong)
   */
  public static JmhRun read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.toString(), in);
    }
  }

  /** Reads JMH JSON from a stream; {@code source} names it in errors and reports. */
  public static JmhRun read(String source, InputStream in) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(source + " is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new IOException(source + " is not a JMH JSON result: expected an array of benchmark results");
    }
    Map<String, JmhResult> byKey = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode node : root) {
      JmhResult r = parse(source, index++, node);
      JmhResult previous = byKey.putIfAbsent(r.key(), r);
      if (previous != null) {
        throw new IOException(source + " holds " + r.key() + " twice");
      }
    }
    return new JmhRun(source, byKey);
  }

  private static JmhResult parse(String source, int index, JsonNode node) throws IOException {
    String where = source + " result " + index;
    String benchmark = text(node, "benchmark", where);
    where = source + " result " + index + " (" + benchmark + ")";
    String mode = text(node, "mode", where);
    int threads = node.path("threads").asInt(1);
    TreeMap<String, String> params = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.path("params").properties()) {
      params.put(e.getKey(), e.getValue().asText());
    }
    JsonNode metric = node.path("primaryMetric");
    String unit = text(metric, "scoreUnit", where + " primaryMetric");
    List<double[]> forks = new ArrayList<>();
    JsonNode raw = metric.path("rawData");
    JsonNode histograms = metric.path("rawDataHistogram");
    if (raw.isArray()) {
      for (JsonNode fork : raw) {
        double[] it = new double[fork.size()];
        for (int i = 0; i < it.length; i++) {
          it[i] = number(fork.get(i), where + " rawData");
        }
        forks.add(it);
      }
    } else if (histograms.isArray()) {
      for (JsonNode fork : histograms) {
        double[] it = new double[fork.size()];
        for (int i = 0; i < it.length; i++) {
          double sum = 0;
          double count = 0;
          for (JsonNode bucket : fork.get(i)) {
            double v = number(bucket.get(0), where + " rawDataHistogram");
            double c = number(bucket.get(1), where + " rawDataHistogram");
            sum += v * c;
            count += c;
          }
          it[i] = count == 0 ? Double.NaN : sum / count;
        }
        forks.add(it);
      }
    } else {
      throw new IOException(where + " has neither rawData nor rawDataHistogram; was it written with -rf json?");
    }
    if (forks.stream().allMatch(f -> f.length == 0)) {
      throw new IOException(where + " has no measured iterations");
    }
    return new JmhResult(benchmark, params, mode, unit, threads, forks);
  }

  private static String text(JsonNode node, String field, String where) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IOException(where + " has no '" + field + "'");
    }
    return v.asText();
  }

  private static double number(JsonNode v, String where) throws IOException {
    if (v == null || !v.isNumber()) {
      throw new IOException(where + " holds " + v + " where a number belongs");
    }
    return v.asDouble();
  }

  /** Where the run was read from. */
  public String source() {
    return source;
  }

  /** Every result, in the file's order. */
  public List<JmhResult> results() {
    return List.copyOf(byKey.values());
  }

  /** The result with this {@link JmhResult#key()}. */
  public Optional<JmhResult> find(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  @Override
  public String toString() {
    return "JmhRun{" + source + ", " + byKey.size() + " results}";
  }
}
