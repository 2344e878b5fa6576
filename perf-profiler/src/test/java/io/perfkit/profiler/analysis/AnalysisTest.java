package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.GoPprof;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Analysis of recordings of known workloads: phase A runs alphaHot, phase B runs betaHot. */
final class AnalysisTest {

  @TempDir static Path dir;
  static Path before;
  static Path after;
  static volatile double sink;

  static void alphaHot(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    double x = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        x = Math.sqrt(x + i);
      }
    }
    sink = x;
  }

  static void betaHot(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    double x = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        x = Math.cbrt(x + i);
      }
    }
    sink = x;
  }

  static Path record(String name, Runnable work) throws Exception {
    Path file = dir.resolve(name + ".jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.start();
      work.run();
      r.stop();
      r.dump(file);
    }
    return file;
  }

  @BeforeAll
  static void recordBeforeAndAfter() throws Exception {
    before = record("before", () -> {
      alphaHot(900);
      betaHot(100);
    });
    after = record("after", () -> {
      alphaHot(100);
      betaHot(900);
    });
  }

  @Test
  void top_namesTheHotMethodWithAPlausibleShare() throws Exception {
    StackProfile p = StackProfile.read(before, ProfileType.CPU);
    MethodStat top = p.topSelf(1).get(0);
    assertEquals("io.perfkit.profiler.analysis.AnalysisTest.alphaHot", top.method());
    assertTrue(top.selfPercent() > 70 && top.selfPercent() < 100, "alpha ran 90% of the time: " + top);
    MethodStat test = p.topTotal(10).stream().filter(m -> m.method().endsWith("recordBeforeAndAfter")).findFirst().orElseThrow();
    assertTrue(test.totalPercent() > 95, "everything ran under the test method: " + test);
  }

  @Test
  void fewSamples_warnsWithTheirCountAndUncertainty_exactlyBelowTheBound() throws Exception {
    StackProfile brief = StackProfile.read(record("brief", () -> alphaHot(60)), ProfileType.CPU);
    long n = brief.events();
    assertTrue(n < StackProfile.FEW_SAMPLES, "60 ms at 10 ms gives a handful of samples at most: " + n);
    String warning = brief.fewSamples().orElseThrow();
    if (n == 0) {
      assertTrue(warning.startsWith("no samples"), warning);
    } else {
      assertTrue(warning.startsWith("only " + n + " sample"), warning);
      assertTrue(warning.contains(String.format(java.util.Locale.ROOT, "±%.0f percentage points", 50 / Math.sqrt(n))), warning);
    }
    assertTrue(FlameGraph.html("brief", brief).contains("Warning: " + warning.substring(0, 8)), "the flame graph's banner warns too");
    // how many samples a second yields depends on the machine's load; the warning follows the count
    StackProfile whole = StackProfile.read(before, ProfileType.CPU);
    assertEquals(whole.events() < StackProfile.FEW_SAMPLES, whole.fewSamples().isPresent(), whole.events() + " samples");
  }

  @Test
  void lines_attributeSamplesToSourceLines() throws Exception {
    List<LineStat> lines = StackProfile.read(before, ProfileType.CPU).lines("io.perfkit.profiler.analysis.AnalysisTest.alphaHot");
    assertTrue(lines.size() >= 1);
    LineStat hottest = lines.stream().max(java.util.Comparator.comparingLong(LineStat::flat)).orElseThrow();
    assertTrue(hottest.line() >= 28 && hottest.line() <= 36, "the loop of alphaHot: " + lines);
  }

  @Test
  void collapsed_isOneLinePerStackWithItsWeight() throws Exception {
    StackProfile p = StackProfile.read(before, ProfileType.CPU);
    String collapsed = p.tree().collapsed();
    long sum = 0;
    for (String line : collapsed.split("\n")) {
      assertTrue(line.matches("[^ ]+ \\d+"), line);
      sum += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }
    assertEquals(p.totalWeight(), sum);
    assertTrue(collapsed.contains(";io.perfkit.profiler.analysis.AnalysisTest.alphaHot "), collapsed);
  }

  @Test
  void diff_namesBothMethodsWithTheRightSigns() throws Exception {
    ProfileDiff d = ProfileDiff.of(StackProfile.read(before, ProfileType.CPU), StackProfile.read(after, ProfileType.CPU));
    assertEquals("io.perfkit.profiler.analysis.AnalysisTest.betaHot", d.grew(1).get(0).method(), d.report(5));
    assertEquals("io.perfkit.profiler.analysis.AnalysisTest.alphaHot", d.shrank(1).get(0).method(), d.report(5));
    assertTrue(d.selfDelta("io.perfkit.profiler.analysis.AnalysisTest.betaHot") > 50, d.report(5));
    assertTrue(d.selfDelta("io.perfkit.profiler.analysis.AnalysisTest.alphaHot") < -50, d.report(5));
    String html = FlameGraph.diffHtml("diff", d);
    assertTrue(html.contains("\"diff\":true"));
  }

  @Test
  void mergedSets_andTimeWindows_diffToo() throws Exception {
    StackProfile set = StackProfile.merge(ProfileType.CPU, List.of(StackProfile.read(before, ProfileType.CPU),
        StackProfile.read(before, ProfileType.CPU)));
    assertEquals(2 * StackProfile.read(before, ProfileType.CPU).totalWeight(), set.totalWeight());
    Map<String, MethodStat> m = set.methods();
    assertTrue(m.get("io.perfkit.profiler.analysis.AnalysisTest.alphaHot").selfPercent() > 70);
  }

  @Test
  void flameGraph_isSelfContainedHtml() throws Exception {
    String html = FlameGraph.html("cpu <profile>", StackProfile.read(before, ProfileType.CPU));
    assertTrue(html.contains("<title>cpu &lt;profile&gt;</title>"));
    assertTrue(!html.contains("http://") && !html.contains("https://"), "no network needed");
    assertTrue(html.contains("AnalysisTest.alphaHot"));
  }

  @Test
  void pprofExport_isReadByGoToolPprof() throws Exception {
    Path out = dir.resolve("before.pb.gz");
    StackProfile p = StackProfile.read(before, ProfileType.CPU);
    try (OutputStream o = Files.newOutputStream(out)) {
      PprofExport.write(p, 10_000_000L, System.currentTimeMillis() * 1_000_000L, 1_000_000_000L, o);
    }
    String text = GoPprof.run(dir, out, "-top");
    String firstRow = text.lines().filter(l -> l.contains("AnalysisTest")).findFirst().orElse("");
    assertTrue(firstRow.contains("io.perfkit.profiler.analysis.AnalysisTest.alphaHot"), text);
    assertTrue(text.contains("Type: cpu"), text);
  }
}
