package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.GoPprof;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pprof export of a recording as Go's own {@code go tool pprof} reads it: threads and traces
 * to focus on, source lines, and the sample types of every profile type.
 */
final class PprofExportGoToolTest {

  @TempDir static Path dir;
  static Path recording;
  static Path cpu;

  @BeforeAll
  static void recordAndExport() throws Exception {
    recording = PprofWorkload.record(dir.resolve("workload.jfr"), true);
    cpu = export(ProfileType.CPU);
  }

  private static Path export(ProfileType type) throws Exception {
    Path out = dir.resolve(type.wireName() + ".pb.gz");
    try (OutputStream o = Files.newOutputStream(out)) {
      PprofExport.write(recording, type, o);
    }
    return out;
  }

  @Test
  void tagfocusOnAThread_keepsThatThreadsHotMethod_andNotTheOthers() throws Exception {
    String alpha = GoPprof.run(dir, cpu, "-tagfocus=thread=" + PprofWorkload.ALPHA, "-top");
    assertTrue(alpha.contains(PprofWorkload.ALPHA_METHOD), alpha);
    assertFalse(alpha.contains(PprofWorkload.BETA_METHOD), alpha);
    String beta = GoPprof.run(dir, cpu, "-tagfocus=thread=" + PprofWorkload.BETA, "-top");
    assertTrue(beta.contains(PprofWorkload.BETA_METHOD), beta);
    assertFalse(beta.contains(PprofWorkload.ALPHA_METHOD), beta);
  }

  @Test
  void tags_listBothThreadsUnderThread() throws Exception {
    String tags = GoPprof.run(dir, cpu, "-tags");
    String threads = section(tags, "thread");
    assertTrue(threads.contains(": " + PprofWorkload.ALPHA + "\n"), tags);
    assertTrue(threads.contains(": " + PprofWorkload.BETA + "\n"), tags);
    assertTrue(section(tags, "trace_id").contains(PprofWorkload.TRACE_ID), tags);
  }

  /** The block of {@code go tool pprof -tags} output under {@code key:}, up to the next blank line. */
  private static String section(String tags, String key) {
    int at = tags.indexOf(" " + key + ": Total");
    assertTrue(at >= 0, "no tag " + key + " in:\n" + tags);
    int end = tags.indexOf("\n\n", at);
    return tags.substring(at, end < 0 ? tags.length() : end + 1);
  }

  @Test
  void linesTop_printsTheSourceFileAndTheLineJfrSampledMost() throws Exception {
    Map<Integer, Integer> byLine = new HashMap<>();
    try (RecordingFile rf = new RecordingFile(recording)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (e.getEventType().getName().equals(EventSelection.EXECUTION_SAMPLE) && e.getStackTrace() != null) {
          RecordedFrame top = e.getStackTrace().getFrames().get(0);
          if (FrameNames.methodName(top).equals(PprofWorkload.ALPHA_METHOD)) {
            byLine.merge(top.getLineNumber(), 1, Integer::sum);
          }
        }
      }
    }
    int hottest = byLine.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    String text = GoPprof.run(dir, cpu, "-lines", "-top", "-nodecount=1000");
    String where = PprofWorkload.ALPHA_METHOD + " io/perfkit/profiler/analysis/PprofWorkload.java:" + hottest;
    assertTrue(text.lines().anyMatch(l -> l.endsWith(where)), "no row for " + where + " (JFR's lines " + byLine + "):\n"
        + text);
  }

  @Test
  void list_withTheSources_weighsTheHotLoopsLines() throws Exception {
    Path sources = Path.of("src", "test", "java").toAbsolutePath();
    assertTrue(Files.isRegularFile(sources.resolve("io/perfkit/profiler/analysis/PprofWorkload.java")),
        "the test runs in the module's directory: " + sources);
    String text = GoPprof.run(dir, cpu, "-list=pprofAlphaBurn", "-source_path=" + sources);
    assertTrue(text.contains("ROUTINE ======================== " + PprofWorkload.ALPHA_METHOD), text);
    // a line of the loop, weighed: "     120ms      120ms     43:        x = Math.sqrt(x + i) * 1.000001;"
    assertTrue(text.lines().anyMatch(l -> l.matches("\\s+\\d[\\d.]*m?s\\s+\\d[\\d.]*m?s\\s+\\d+:\\s+(x = Math\\.sqrt|while|for).*")),
        text);
  }

  @Test
  void tagfocusOnTheTraceId_keepsTheRequestsSamplesOnly() throws Exception {
    String text = GoPprof.run(dir, cpu, "-tagfocus=trace_id=" + PprofWorkload.TRACE_ID, "-top");
    assertTrue(text.contains(PprofWorkload.ALPHA_METHOD), text);
    assertFalse(text.contains(PprofWorkload.GAMMA_METHOD), "the request's thread after the request: " + text);
    assertFalse(text.contains(PprofWorkload.BETA_METHOD), "another thread during the request: " + text);
    String all = GoPprof.run(dir, cpu, "-top");
    assertTrue(all.contains(PprofWorkload.GAMMA_METHOD) && all.contains(PprofWorkload.BETA_METHOD), all);
  }

  @ParameterizedTest
  @CsvSource({
      "CPU, samples/count cpu/nanoseconds",
      "ALLOCATION, alloc_space/bytes",
      "LOCK, contentions/count delay/nanoseconds",
      "IO, events/count delay/nanoseconds",
      "HEAP, inuse_objects/count inuse_space/bytes[dflt]"})
  void raw_printsTheSampleTypesOfEachProfileType(ProfileType type, String sampleTypes) throws Exception {
    String raw = GoPprof.run(dir, export(type), "-raw");
    List<String> lines = raw.lines().toList();
    int samples = lines.indexOf("Samples:");
    assertTrue(samples >= 0, raw);
    assertEquals(sampleTypes, lines.get(samples + 1).trim(), raw);
    if (type == ProfileType.CPU) {
      assertTrue(raw.contains("PeriodType: cpu nanoseconds\nPeriod: 10000000\n"), raw);
      assertTrue(raw.contains("thread:[" + PprofWorkload.ALPHA + "]"), raw);
    }
  }
}
