package io.perfkit.regress;

import static io.perfkit.regress.JmhJson.scores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, on real files: exit statuses, evidence, errors that name what is wrong. */
final class MainTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Path file(String name, JmhJson json) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, json.text());
    return p;
  }

  @Test
  void compare_failsOnASignificantSlowdown_withTheEvidence() throws Exception {
    String b = "a.B.run";
    Path base = file("base.json", new JmhJson().add(b, "avgt", "ns/op", "", scores(1, 3, 6, 50, 0.01)));
    Path cand = file("new.json", new JmhJson().add(b, "avgt", "ns/op", "", scores(2, 3, 6, 60, 0.01)));
    assertEquals(1, run("compare", base.toString(), cand.toString(), "--fail-on", "slower>5%"));
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("regression gate failed") && e.contains("B.run: +20."), e);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("slower FAIL"), out.toString(StandardCharsets.UTF_8));
    out.reset();
    assertEquals(0, run("compare", base.toString(), cand.toString(), "--fail-on", "slower>5%", "--fail-on", "B.*=slower>30%",
        "--format", "markdown"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("| `B.run` |"), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void badInput_exitsTwo_namingIt() throws Exception {
    Path base = file("base.json", new JmhJson().add("a.B.run", "avgt", "ns/op", "", scores(1, 1, 5, 50, 0.01)));
    assertEquals(2, run("compare", base.toString(), dir.resolve("missing.json").toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing.json"), err.toString(StandardCharsets.UTF_8));
    err.reset();
    assertEquals(2, run("compare", base.toString(), base.toString(), "--fail-on", "slower>five"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("'slower>five'"), err.toString(StandardCharsets.UTF_8));
    err.reset();
    assertEquals(2, run("compare", base.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("takes two JMH JSON files"));
  }

  @Test
  void calibrate_reportsTheFalseAlarmRateOfTwoRunsOfTheSameCode() throws Exception {
    Path a = file("a.json", new JmhJson().add("a.B.run", "avgt", "ns/op", "", scores(3, 4, 5, 50, 0.03)));
    Path b = file("b.json", new JmhJson().add("a.B.run", "avgt", "ns/op", "", scores(4, 4, 5, 50, 0.03)));
    assertEquals(0, run("calibrate", a.toString(), b.toString(), "--fail-on", "slower>5%", "--resamples", "100"));
    String o = out.toString(StandardCharsets.UTF_8);
    assertTrue(o.contains("B.run") && o.contains("overall false-alarm rate:"), o);
    List<Calibration.RowResult> r = Calibration.run(JmhRun.read(a), JmhRun.read(b), Gate.failOn("slower>5%"),
        Comparison.Options.defaults(), 200, 7);
    assertEquals(200, r.get(0).resamples());
    assertTrue(r.get(0).falseAlarmRate() < 0.05, "3 % noise against a 5 % threshold: " + r.get(0));
    assertEquals(Verdict.NO_CHANGE, r.get(0).direct().verdict(), "the direct A/A comparison: " + r.get(0).direct());
  }
}
