package io.perfkit.regress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A comparison as a text table like benchstat's, as Markdown for a pull request, or as JSON. */
public final class Report {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Report() {}

  /** The text table: one line per row, the notes under it. */
  public static String text(Comparison c, Gate gate) {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"benchmark", "unit", "base", "candidate", "change", "interval", "p", "verdict"});
    for (Row r : c.rows()) {
      lines.add(cells(r, gate));
    }
    int[] width = new int[lines.get(0).length];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        width[i] = Math.max(width[i], l[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(header(c)).append('\n');
    for (int li = 0; li < lines.size(); li++) {
      String[] l = lines.get(li);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < l.length; i++) {
        boolean right = i >= 2 && i <= 6;
        String pad = " ".repeat(width[i] - l[i].length());
        line.append(right ? pad + l[i] : l[i] + pad).append(i < l.length - 1 ? "  " : "");
      }
      sb.append(line.toString().stripTrailing()).append('\n');
      if (li > 0) {
        c.rows().get(li - 1).noteIfAny().ifPresent(n -> sb.append("    ").append(n).append('\n'));
      }
    }
    return sb.toString();
  }

  /** The same as a Markdown table, notes in a last column. */
  public static String markdown(Comparison c, Gate gate) {
    StringBuilder sb = new StringBuilder();
    sb.append(header(c)).append("\n\n");
    sb.append("| benchmark | unit | base | candidate | change | interval | p | verdict | note |\n");
    sb.append("|---|---|---:|---:|---:|---|---:|---|---|\n");
    for (Row r : c.rows()) {
      String[] cells = cells(r, gate);
      sb.append("| `").append(cells[0]).append('`');
      for (int i = 1; i < cells.length; i++) {
        String v = cells[i];
        if (i == 7 && (r.verdict() == Verdict.SLOWER || r.verdict() == Verdict.FASTER)) {
          v = "**" + v + "**";
        }
        sb.append(" | ").append(v.replace("|", "\\|"));
      }
      sb.append(" | ").append(r.noteIfAny().orElse("").replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }

  /** The rows as JSON objects, with the numbers unrounded. */
  public static String json(Comparison c, Gate gate) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Row r : c.rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", r.key());
      m.put("benchmark", (r.base() != null ? r.base() : r.candidate()).benchmark());
      m.put("params", (r.base() != null ? r.base() : r.candidate()).params());
      m.put("unit", r.unit());
      m.put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
      m.put("baseSamples", r.base() == null ? 0 : r.base().samples().length);
      m.put("candidateSamples", r.candidate() == null ? 0 : r.candidate().samples().length);
      putNumber(m, "baseMedian", r.baseMedian());
      putNumber(m, "candidateMedian", r.candidateMedian());
      putNumber(m, "ratio", r.ratio().value());
      putNumber(m, "ratioLow", r.ratio().low());
      putNumber(m, "ratioHigh", r.ratio().high());
      putNumber(m, "slowdown", r.slowdown());
      putNumber(m, "p", r.p());
      if (gate != null) {
        putNumber(m, "threshold", gate.thresholdFor(r.key()));
        m.put("failsGate", gate.fails(r));
      }
      m.put("note", r.noteIfAny().orElse(null));
      rows.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("base", c.base().source());
    root.put("candidate", c.candidate().source());
    root.put("alpha", c.options().alpha());
    root.put("confidence", c.options().confidence());
    root.put("rows", rows);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the comparison as JSON", e);
    }
  }

  private static void putNumber(Map<String, Object> m, String k, double v) {
    m.put(k, Double.isFinite(v) ? v : null);
  }

  private static String header(Comparison c) {
    return String.format(Locale.ROOT, "base: %s   candidate: %s   (Mann–Whitney U, α = %s; change: Hodges–Lehmann,"
        + " %.0f%% interval; + is slower)", c.base().source(), c.candidate().source(), c.options().alpha(),
        c.options().confidence() * 100);
  }

  private static String[] cells(Row r, Gate gate) {
    boolean both = r.base() != null && r.candidate() != null;
    String change = both && Double.isFinite(r.slowdown()) ? String.format(Locale.ROOT, "%+.1f%%", r.slowdown() * 100) : "";
    String interval = "";
    if (both && Double.isFinite(r.ratio().low())) {
      double[] ci = r.slowdownInterval();
      interval = String.format(Locale.ROOT, "%+.1f%% … %+.1f%%", ci[0] * 100, ci[1] * 100);
    }
    String verdict = r.verdict().symbol();
    if (gate != null && gate.fails(r)) {
      verdict += String.format(Locale.ROOT, " FAIL (> %.0f%%)", gate.thresholdFor(r.key()) * 100);
    }
    return new String[] {r.key(), r.unit(), number(r.baseMedian()), number(r.candidateMedian()), change, interval,
        both && Double.isFinite(r.p()) ? String.format(Locale.ROOT, "%.3g", r.p()) : "", verdict};
  }

  /** A score with four significant digits, or empty when absent. */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return "";
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
