package io.perfkit.monitor.alert;

import io.perfkit.api.Durations;
import io.perfkit.api.Labels;
import io.perfkit.api.alert.Severity;
import io.perfkit.monitor.MetricId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads alert rules from text. The syntax, one rule per block:
 *
 * <pre>
 * # comments start with #
 * alert HighLatency
 *   expr     p99(http.server.latency) &gt; 200ms
 *   for      30s
 *   keep_firing_for 1m
 *   severity critical
 *   labels   team=web env=prod
 *   message  p99 of {{metric}} is {{value.human}}, above {{threshold.human}}
 *
 * alert HeapHigh
 *   expr value(jvm.memory.heap.used.bytes) &gt; 2e9
 * </pre>
 *
 * <ul>
 *   <li>{@code alert NAME} starts a rule; the indented lines after it set its fields; only
 *       {@code expr} is required.</li>
 *   <li>{@code expr} is {@code FUNCTION(METRIC) OP NUMBER}: FUNCTION is {@code value},
 *       {@code rate}, {@code p50}, {@code p90}, {@code p99}, {@code p999}, or
 *       {@code quantile(Q, METRIC)}; OP is {@code >}, {@code >=}, {@code <} or {@code <=}; the
 *       number may carry a time unit ({@code ms}, {@code s}, {@code m}, {@code h}), which turns it
 *       into seconds, the unit timers are compared in, and has the messages print durations.
 *       Otherwise the metric's name implies the unit messages print ({@link Unit}). A metric
 *       with labels is written as its key, {@code http.latency{path=/x}}.</li>
 *   <li>{@code for} and {@code keep_firing_for} take a duration: {@code 500ms}, {@code 30s},
 *       {@code 5m}, {@code 1h}, or anything else of Perfkit's one grammar
 *       ({@link io.perfkit.api.Durations}: {@code 1d}, {@code PT90S}).</li>
 *   <li>{@code severity} is {@code info}, {@code warning} (the default) or {@code critical}.</li>
 *   <li>{@code labels} is a space-separated list of {@code key=value}.</li>
 *   <li>{@code message} is the rest of the line, a template as in
 *       {@link io.perfkit.api.alert.AlertRule#messageTemplate()}.</li>
 * </ul>
 * A malformed line is a {@link RulesFileException} naming the line, the column and what was
 * expected.
 */
public final class RulesFile {

  private static final Pattern FUNCTION = Pattern.compile("(value|rate|p50|p90|p99|p999)\\(([^()\\s]+)\\)");
  private static final Pattern QUANTILE = Pattern.compile("quantile\\(\\s*([0-9.eE+-]+)\\s*,\\s*([^()\\s]+)\\s*\\)");
  private static final Pattern NUMBER = Pattern.compile("([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)(ms|s|m|h)?");

  private RulesFile() {}

  /** Parses the file at {@code path}. */
  public static List<ThresholdRule> parse(Path path) throws IOException {
    return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
  }

  /**
   * Parses rules from text.
   *
   * @param source a name for error messages (a file name)
   * @throws RulesFileException for the first malformed line
   */
  public static List<ThresholdRule> parse(String text, String source) {
    List<ThresholdRule> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    Block block = null;
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String raw = lines[i];
      String line = stripComment(raw);
      if (line.isBlank()) {
        continue;
      }
      int indent = 0;
      while (indent < line.length() && Character.isWhitespace(line.charAt(indent))) {
        indent++;
      }
      String content = line.trim();
      String keyword = content.split("\\s+", 2)[0];
      String rest = content.length() > keyword.length() ? content.substring(keyword.length()).trim() : "";
      int restColumn = indent + 1 + (rest.isEmpty() ? keyword.length() : raw.substring(indent).indexOf(rest, keyword.length()));
      if (indent == 0) {
        if (!keyword.equals("alert")) {
          throw new RulesFileException(source, lineNo, 1, "expected 'alert NAME' to start a rule, found '" + keyword + "'");
        }
        if (block != null) {
          out.add(block.build(source));
        }
        if (rest.isEmpty() || rest.contains(" ")) {
          throw new RulesFileException(source, lineNo, restColumn, "expected one rule name after 'alert'");
        }
        try {
          AlertRules.checkRuleName(rest);
        } catch (IllegalArgumentException e) {
          throw new RulesFileException(source, lineNo, restColumn, e.getMessage());
        }
        for (ThresholdRule r : out) {
          if (r.name().equals(rest)) {
            throw new RulesFileException(source, lineNo, restColumn, "rule '" + rest + "' is defined twice");
          }
        }
        block = new Block(rest, lineNo);
        continue;
      }
      if (block == null) {
        throw new RulesFileException(source, lineNo, indent + 1, "expected 'alert NAME' before indented fields");
      }
      if (rest.isEmpty()) {
        throw new RulesFileException(source, lineNo, restColumn, "expected a value after '" + keyword + "'");
      }
      if (block.fields.containsKey(keyword)) {
        throw new RulesFileException(source, lineNo, indent + 1, "field '" + keyword + "' is given twice");
      }
      block.fields.put(keyword, new Field(rest, lineNo, restColumn));
      switch (keyword) {
        case "expr":
          block.parseExpr(source);
          break;
        case "for":
        case "keep_firing_for":
          duration(source, block.fields.get(keyword));
          break;
        case "severity":
          try {
            Severity.parse(rest);
          } catch (IllegalArgumentException e) {
            throw new RulesFileException(source, lineNo, restColumn, "expected info, warning or critical, found '" + rest + "'");
          }
          break;
        case "labels":
          labels(source, block.fields.get(keyword));
          break;
        case "message":
          break;
        default:
          throw new RulesFileException(source, lineNo, indent + 1,
              "unknown field '" + keyword + "'; expected expr, for, keep_firing_for, severity, labels or message");
      }
    }
    if (block != null) {
      out.add(block.build(source));
    }
    return out;
  }

  private static String stripComment(String line) {
    int hash = line.indexOf('#');
    return hash < 0 ? line : line.substring(0, hash);
  }

  private record Field(String value, int line, int column) {}

  private static Duration duration(String source, Field f) {
    try {
      return Durations.parse(f.value);
    } catch (IllegalArgumentException e) {
      throw new RulesFileException(source, f.line, f.column,
          "expected a duration such as 500ms, 30s, 5m or 1h, found '" + f.value + "'");
    }
  }

  private static Labels labels(String source, Field f) {
    Map<String, String> m = new LinkedHashMap<>();
    int offset = 0;
    for (String pair : f.value.split(" ")) {
      if (pair.isEmpty()) {
        offset++;
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new RulesFileException(source, f.line, f.column + offset, "expected key=value, found '" + pair + "'");
      }
      m.put(pair.substring(0, eq), pair.substring(eq + 1));
      offset += pair.length() + 1;
    }
    try {
      return Labels.from(m);
    } catch (IllegalArgumentException e) {
      throw new RulesFileException(source, f.line, f.column, e.getMessage());
    }
  }

  private static final class Block {
    final String name;
    final int line;
    final Map<String, Field> fields = new LinkedHashMap<>();
    ThresholdRule.Source source;
    double quantile;
    String metric;
    ThresholdRule.Comparison comparison;
    double threshold;
    /** The threshold was written with a time unit: the value is in seconds. */
    boolean timeUnit;

    Block(String name, int line) {
      this.name = name;
      this.line = line;
    }

    void parseExpr(String file) {
      Field f = fields.get("expr");
      String e = f.value;
      int opAt = -1;
      String op = null;
      for (String candidate : new String[] {">=", "<=", ">", "<"}) {
        int at = e.indexOf(candidate);
        if (at >= 0 && (opAt < 0 || at < opAt || (at == opAt && candidate.length() > op.length()))) {
          opAt = at;
          op = candidate;
        }
      }
      if (opAt < 0) {
        throw new RulesFileException(file, f.line, f.column + e.length(), "expected a comparison (>, >=, <, <=) in '" + e + "'");
      }
      String lhs = e.substring(0, opAt).trim();
      String rhs = e.substring(opAt + op.length()).trim();
      Matcher fm = FUNCTION.matcher(lhs);
      Matcher qm = QUANTILE.matcher(lhs);
      if (fm.matches()) {
        metric = fm.group(2);
        switch (fm.group(1)) {
          case "value": source = ThresholdRule.Source.VALUE; break;
          case "rate": source = ThresholdRule.Source.RATE; break;
          default:
            source = ThresholdRule.Source.QUANTILE;
            String p = fm.group(1).substring(1);
            quantile = Double.parseDouble("0." + p);
            break;
        }
      } else if (qm.matches()) {
        source = ThresholdRule.Source.QUANTILE;
        metric = qm.group(2);
        try {
          quantile = Double.parseDouble(qm.group(1));
        } catch (NumberFormatException ex) {
          quantile = Double.NaN;
        }
        if (!(quantile > 0 && quantile <= 1)) {
          throw new RulesFileException(file, f.line, f.column + lhs.indexOf(qm.group(1)),
              "expected a quantile in (0, 1], found '" + qm.group(1) + "'");
        }
      } else {
        throw new RulesFileException(file, f.line, f.column,
            "expected value(METRIC), rate(METRIC), p50/p90/p99/p999(METRIC) or quantile(Q, METRIC), found '" + lhs + "'");
      }
      String bare = metric.contains("{") ? metric.substring(0, metric.indexOf('{')) : metric;
      if (!MetricId.isValidName(bare)) {
        throw new RulesFileException(file, f.line, f.column + lhs.indexOf(metric), "expected a metric name, found '" + metric + "'");
      }
      switch (op) {
        case ">": comparison = ThresholdRule.Comparison.ABOVE; break;
        case ">=": comparison = ThresholdRule.Comparison.AT_LEAST; break;
        case "<": comparison = ThresholdRule.Comparison.BELOW; break;
        default: comparison = ThresholdRule.Comparison.AT_MOST; break;
      }
      Matcher nm = NUMBER.matcher(rhs);
      if (!nm.matches()) {
        throw new RulesFileException(file, f.line, f.column + e.indexOf(rhs, opAt),
            "expected a number (optionally with ms, s, m or h), found '" + rhs + "'");
      }
      double n = Double.parseDouble(nm.group(1));
      String unit = nm.group(2);
      timeUnit = unit != null;
      threshold = unit == null ? n : unit.equals("ms") ? n / 1000 : unit.equals("s") ? n : unit.equals("m") ? n * 60 : n * 3600;
    }

    ThresholdRule build(String file) {
      if (!fields.containsKey("expr")) {
        throw new RulesFileException(file, line, 1, "rule '" + name + "' has no expr line");
      }
      AlertRules.Builder b = source == ThresholdRule.Source.VALUE ? AlertRules.threshold(name, metric)
          : source == ThresholdRule.Source.RATE ? AlertRules.rate(name, metric) : AlertRules.quantile(name, metric, quantile);
      b.compare(comparison, threshold);
      if (timeUnit) {
        b.unit(Unit.SECONDS);
      }
      if (fields.containsKey("for")) {
        b.forDuration(duration(file, fields.get("for")));
      }
      if (fields.containsKey("keep_firing_for")) {
        b.keepFiringFor(duration(file, fields.get("keep_firing_for")));
      }
      if (fields.containsKey("severity")) {
        b.severity(Severity.parse(fields.get("severity").value));
      }
      if (fields.containsKey("labels")) {
        b.labels(labels(file, fields.get("labels")));
      }
      if (fields.containsKey("message")) {
        b.message(fields.get("message").value);
      }
      return b.build();
    }
  }
}
