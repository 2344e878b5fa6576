package io.perfkit.profiler.analysis;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A self-contained, interactive flame graph: one HTML file with its data, script and style
 * inline, so it opens from disk with no network. Click a frame to zoom into it (and an ancestor,
 * or "reset zoom", to zoom out), type a regular expression to highlight matching frames and see
 * their share, hover for the weight and percentage. Frames narrower than a pixel are not drawn.
 * The differential form colours each frame by how its share changed: red grew, blue shrank.
 */
public final class FlameGraph {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FlameGraph() {}

  /** The flame graph of one profile. */
  public static String html(String title, StackProfile profile) {
    return render(title, profile.tree(), profile.unit(), null, profile.coverage(), profile.fewSamples());
  }

  /**
   * The differential flame graph: the target's tree, each frame coloured by the change of its
   * total share against the base.
   */
  public static String diffHtml(String title, ProfileDiff diff) {
    return render(title, diff.target().tree(), diff.target().unit(), diff.base().tree(), diff.target().coverage(),
        diff.target().fewSamples());
  }

  private static String render(String title, CallTree tree, String unit, CallTree base,
      java.util.Optional<CpuCoverage> coverage, java.util.Optional<String> fewSamples) {
    String template;
    try (InputStream in = FlameGraph.class.getResourceAsStream("flamegraph.html")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("flame graph template missing from the perf-profiler jar", e);
    }
    StringWriter data = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(data)) {
      g.writeStartObject();
      g.writeStringField("unit", unit);
      g.writeBooleanField("diff", base != null);
      g.writeFieldName("tree");
      write(g, tree, base, tree.total(), base == null ? 0 : base.total());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // "</" cannot appear inside a script element; JSON allows "<\/" for it.
    String json = data.toString().replace("</", "<\\/");
    // a CPU profile says how much of the CPU used it accounts for, and warns in words below 80 %
    // and any profile on too few samples says so
    String note = coverage.map(c -> c.summary() + c.warning().map(w -> ". Warning: " + w).orElse("")).orElse("")
        + fewSamples.map(w -> (coverage.isPresent() ? ". " : "") + "Warning: " + w).orElse("");
    String noteClass = coverage.flatMap(CpuCoverage::warning).isPresent() || fewSamples.isPresent() ? "warn" : "";
    return template.replace("@TITLE@", escapeHtml(title)).replace("@COVERAGE_CLASS@", noteClass)
        .replace("@COVERAGE@", escapeHtml(note)).replace("@DATA@", json);
  }

  private static void write(JsonGenerator g, CallTree node, CallTree base, long total, long baseTotal) throws IOException {
    g.writeStartObject();
    g.writeStringField("n", node.name());
    g.writeNumberField("v", node.total());
    g.writeNumberField("s", node.self());
    if (base != null || baseTotal > 0) {
      double targetShare = total == 0 ? 0 : 100.0 * node.total() / total;
      double baseShare = base == null || baseTotal == 0 ? 0 : 100.0 * base.total() / baseTotal;
      g.writeNumberField("d", Math.round((targetShare - baseShare) * 100) / 100.0);
    }
    g.writeArrayFieldStart("c");
    for (CallTree c : node.children()) {
      if (c.total() * 2000 < total) {
        continue;  // under 0.05%: never visible, kept out of the file
      }
      write(g, c, base == null ? null : base.child(c.name()), total, baseTotal);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static String escapeHtml(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<': sb.append("&lt;"); break;
        case '>': sb.append("&gt;"); break;
        case '&': sb.append("&amp;"); break;
        case '"': sb.append("&quot;"); break;
        default: sb.append(c);
      }
    }
    return sb.toString();
  }
}
