package io.perfkit.benchmarks.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.regress.Comparison;
import io.perfkit.regress.Gate;
import io.perfkit.regress.JmhRun;
import io.perfkit.regress.Main;
import io.perfkit.regress.Row;
import io.perfkit.regress.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Two real JMH runs of a tiny benchmark, the second made twice as slow on purpose: the gate sees it. */
final class GateOnRealJmhRunsTest {

  @TempDir Path dir;

  private Path run(String name, int work) throws Exception {
    Path json = dir.resolve(name + ".json");
    System.setProperty("perfkit.gateProbe.work", Integer.toString(work));
    try {
      new Runner(new OptionsBuilder()
          .include(GateProbeBenchmark.class.getName() + ".chain")
          .forks(0)  // in this JVM: a forked one would need the test class path rebuilt
          .warmupIterations(3).warmupTime(TimeValue.milliseconds(100))
          .measurementIterations(10).measurementTime(TimeValue.milliseconds(100))
          .resultFormat(ResultFormatType.JSON).result(json.toString())
          .shouldFailOnError(true)
          .build()).run();
    } finally {
      System.clearProperty("perfkit.gateProbe.work");
    }
    return json;
  }

  @Test
  void aBenchmarkMadeSlowerOnPurpose_failsTheGate_fromTheApiAndTheCommandLine() throws Exception {
    Path base = run("base", 200);
    Path slower = run("slower", 400);
    Comparison c = Comparison.of(JmhRun.read(base), JmhRun.read(slower));
    assertEquals(1, c.rows().size(), c.rows().toString());
    Row row = c.rows().get(0);
    assertEquals("GateProbeBenchmark.chain", row.key());
    assertEquals(10, row.base().samples().length, "every measured iteration is read");
    assertEquals(Verdict.SLOWER, row.verdict(), row.toString());
    assertTrue(row.slowdown() > 0.3, "twice the work: " + row.slowdown());
    Gate.Result result = Gate.failOn("slower>10%").check(c);
    assertFalse(result.passed(), result.evidence());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(List.of("compare", base.toString(), slower.toString(), "--fail-on", "slower>10%"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, status, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("GateProbeBenchmark.chain: +"), err.toString(StandardCharsets.UTF_8));
  }
}
