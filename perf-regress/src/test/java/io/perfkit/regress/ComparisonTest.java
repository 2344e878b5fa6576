package io.perfkit.regress;

import static io.perfkit.regress.JmhJson.scores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Synthetic JMH runs with known shifts: what is found, what is "~", what is listed. */
final class ComparisonTest {

  private static final String STORE = "io.perfkit.benchmarks.storage.StoreBenchmark.store";
  private static final String QUERY = "io.perfkit.benchmarks.storage.QueryBenchmark.query";

  private static Map<String, Row> byKey(Comparison c) {
    return c.rows().stream().collect(Collectors.toMap(Row::key, r -> r));
  }

  @Test
  void aTenPercentSlowdownWithTightSpread_isFound_andFailsAFivePercentGate() throws IOException {
    JmhRun base = new JmhJson().add(STORE, "avgt", "us/op", "\"sizeBytes\":\"65536\"", scores(1, 3, 8, 1000, 0.01)).run("base");
    JmhRun cand = new JmhJson().add(STORE, "avgt", "us/op", "\"sizeBytes\":\"65536\"", scores(2, 3, 8, 1100, 0.01)).run("cand");
    Row row = Comparison.of(base, cand).rows().get(0);
    assertEquals("StoreBenchmark.store/sizeBytes=65536", row.key());
    assertEquals(Verdict.SLOWER, row.verdict(), row.toString());
    assertEquals(0.10, row.slowdown(), 0.01);
    assertTrue(row.p() < 1e-6, "p " + row.p());
    double[] ci = row.slowdownInterval();
    assertTrue(ci[0] > 0.08 && ci[1] < 0.12, ci[0] + " … " + ci[1]);
    Gate.Result gate = Gate.failOn("slower>5%").check(Comparison.of(base, cand));
    assertFalse(gate.passed());
    AssertionError e = assertThrows(AssertionError.class, gate::assertPassed);
    assertTrue(e.getMessage().contains("StoreBenchmark.store/sizeBytes=65536: +10.") && e.getMessage().contains("above the 5% allowed"),
        e.getMessage());
    assertTrue(Gate.failOn("slower>15%").check(Comparison.of(base, cand)).passed(), "10 % is within 15 %");
  }

  @Test
  void aTenPercentDifferenceInsideNoise_isNoChange_withANoteSayingSo() throws IOException {
    // the same noise in both runs, 35 % of a sigma, the candidate's 10 % higher: a real shift hidden in noise
    JmhRun base = new JmhJson().add(STORE, "avgt", "us/op", "", scores(3, 2, 5, 1000, 0.35)).run("base");
    JmhRun cand = new JmhJson().add(STORE, "avgt", "us/op", "", scores(3, 2, 5, 1100, 0.35)).run("cand");
    Row row = Comparison.of(base, cand).rows().get(0);
    assertEquals(Verdict.NO_CHANGE, row.verdict(), row.toString());
    assertEquals("~", row.verdict().symbol());
    assertTrue(row.note().contains("too noisy to see ±5%") && row.note().contains("forks a side"), row.note());
    assertTrue(Gate.failOn("slower>5%").check(Comparison.of(base, cand)).passed());
  }

  @Test
  void benchmarksInOneRunOnly_areListed_notDropped() throws IOException {
    JmhRun base = new JmhJson().add(STORE, "avgt", "us/op", "", scores(5, 2, 5, 100, 0.01))
        .add(QUERY, "avgt", "us/op", "\"entries\":\"1000\"", scores(6, 2, 5, 10, 0.01)).run("base");
    JmhRun cand = new JmhJson().add(STORE, "avgt", "us/op", "", scores(7, 2, 5, 100, 0.01))
        .add(QUERY, "avgt", "us/op", "\"entries\":\"100000\"", scores(8, 2, 5, 30, 0.01)).run("cand");
    Map<String, Row> rows = byKey(Comparison.of(base, cand));
    assertEquals(3, rows.size());
    assertEquals(Verdict.ONLY_IN_BASE, rows.get("QueryBenchmark.query/entries=1000").verdict());
    assertEquals(Verdict.ONLY_IN_CANDIDATE, rows.get("QueryBenchmark.query/entries=100000").verdict());
    String text = Report.text(Comparison.of(base, cand), null);
    assertTrue(text.contains("QueryBenchmark.query/entries=1000") && text.contains("only in base"), text);
    assertTrue(text.contains("only in candidate"), text);
  }

  @Test
  void throughput_isSlowerWhenItDrops() throws IOException {
    JmhRun base = new JmhJson().add(STORE, "thrpt", "ops/s", "", scores(9, 2, 10, 5000, 0.01)).run("base");
    JmhRun cand = new JmhJson().add(STORE, "thrpt", "ops/s", "", scores(10, 2, 10, 4000, 0.01)).run("cand");
    Row row = Comparison.of(base, cand).rows().get(0);
    assertEquals(Verdict.SLOWER, row.verdict());
    assertEquals(0.25, row.slowdown(), 0.02, "5000 → 4000 ops/s is 25 % more time per op");
  }

  @Test
  void tooFewSamples_isUndecided_namingHowManyAreNeeded() throws IOException {
    JmhRun base = new JmhJson().add(STORE, "avgt", "us/op", "", new double[][] {{100, 101, 99}}).run("base");
    JmhRun cand = new JmhJson().add(STORE, "avgt", "us/op", "", new double[][] {{200, 201, 199}}).run("cand");
    Row row = Comparison.of(base, cand).rows().get(0);
    assertEquals(Verdict.UNDECIDED, row.verdict());
    assertTrue(row.note().contains("need ≥ 4 a side"), row.note());
  }

  @Test
  void aChangeSmallerThanTheSpreadBetweenForks_isNotCalled() throws IOException {
    double[][] bimodal = {scores(11, 1, 10, 100, 0.005)[0], scores(12, 1, 10, 125, 0.005)[0]};
    double[][] shifted = {scores(13, 1, 10, 106, 0.005)[0], scores(14, 1, 10, 131, 0.005)[0]};
    Row row = Comparison.of(new JmhJson().add(STORE, "avgt", "us/op", "", bimodal).run("base"),
        new JmhJson().add(STORE, "avgt", "us/op", "", shifted).run("cand")).rows().get(0);
    assertEquals(Verdict.NO_CHANGE, row.verdict(), row.toString());
    assertTrue(row.note().contains("spread between one run's own forks"), row.note());
  }

  @Test
  void perPatternThresholds_applyFirstMatchThenTheDefault() {
    Gate g = Gate.failOn("slower>5%").rule("StoreBenchmark.*", "slower>20%").rule("*", "slower>1%");
    assertEquals(0.20, g.thresholdFor("StoreBenchmark.store/sizeBytes=65536"), 1e-12);
    assertEquals(0.01, g.thresholdFor("QueryBenchmark.query"), 1e-12);
    assertEquals(0.05, Gate.failOn("slower>5%").thresholdFor("x"), 1e-12);
    Gate only = Gate.rulesOnly().rule("StoreBenchmark.*", "slower>5%");
    assertEquals(0.05, only.thresholdFor("StoreBenchmark.store"), 1e-12);
    assertEquals(Double.POSITIVE_INFINITY, only.thresholdFor("QueryBenchmark.query"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gate.failOn("faster>5"));
    assertTrue(e.getMessage().contains("'faster>5'"), e.getMessage());
  }

  @Test
  void badFiles_areErrorsNamingTheFileAndTheProblem() {
    IOException notJson = assertThrows(IOException.class,
        () -> JmhRun.read("run.json", new java.io.ByteArrayInputStream("{oops".getBytes())));
    assertTrue(notJson.getMessage().startsWith("run.json is not JSON"), notJson.getMessage());
    IOException noRaw = assertThrows(IOException.class, () -> JmhRun.read("run.json", new java.io.ByteArrayInputStream(
        "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"primaryMetric\":{\"scoreUnit\":\"ns/op\"}}]".getBytes())));
    assertTrue(noRaw.getMessage().contains("a.B.c") && noRaw.getMessage().contains("-rf json"), noRaw.getMessage());
  }

  @Test
  void reports_carryEveryRow_inTextMarkdownAndJson() throws IOException {
    JmhRun base = new JmhJson().add(STORE, "avgt", "us/op", "", scores(15, 3, 8, 1000, 0.01)).run("base.json");
    JmhRun cand = new JmhJson().add(STORE, "avgt", "us/op", "", scores(16, 3, 8, 1100, 0.01)).run("new.json");
    Comparison c = Comparison.of(base, cand);
    Gate gate = Gate.failOn("slower>5%");
    String text = Report.text(c, gate);
    assertTrue(text.contains("StoreBenchmark.store") && text.contains("slower FAIL (> 5%)") && text.contains("+10."), text);
    String md = Report.markdown(c, gate);
    assertTrue(md.contains("| `StoreBenchmark.store` | us/op |") && md.contains("**slower FAIL (> 5%)**"), md);
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Report.json(c, gate));
    assertEquals("slower", json.get("rows").get(0).get("verdict").asText());
    assertTrue(json.get("rows").get(0).get("failsGate").asBoolean());
    assertEquals(0.10, json.get("rows").get(0).get("slowdown").asDouble(), 0.01);
    assertEquals(List.of("base.json", "new.json"), List.of(json.get("base").asText(), json.get("candidate").asText()));
  }
}
