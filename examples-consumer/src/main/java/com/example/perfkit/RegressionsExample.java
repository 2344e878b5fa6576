package com.example.perfkit;

import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.CostDiff;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.regress.Comparison;
import io.perfkit.regress.Gate;
import io.perfkit.regress.JmhRun;
import io.perfkit.regress.Report;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's perf-regress example: two JMH runs compared and gated, and two profiles compared
 * per request. Needs perf-regress and perf-profiler.
 */
public final class RegressionsExample {

  private RegressionsExample() {}

  /** Compares JMH runs {@code baseline} and {@code candidate}, then profiles {@code before} and {@code after}. */
  public static void run(Path baseline, Path candidate, Path before, Path after) throws Exception {
    // readme:regressions
    Comparison comparison = Comparison.of(JmhRun.read(baseline), JmhRun.read(candidate));
    System.out.print(Report.text(comparison, null));              // benchstat-style table; Report.markdown, Report.json
    Gate.failOn("slower>5%").rule("StoreBenchmark.*", "slower>20%")
        .check(comparison).assertPassed();                         // fails only on a significant slowdown, with the evidence
    CostDiff perRequest = CostDiff.perOperation(StackProfile.read(before, ProfileType.CPU), 1_000,
        StackProfile.read(after, ProfileType.CPU), 1_000);         // 1,000 requests in each recording
    perRequest.assertNoSlowerThan(0.30);                           // no method 30 % costlier per request
    // end
  }

  /** Compares the JMH runs given, or two runs of a checkout benchmark shipped with this example. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("regress");
    Path baseline = args.length > 1 ? Path.of(args[0]) : resource("jmh/baseline.json", dir);
    Path candidate = args.length > 1 ? Path.of(args[1]) : resource("jmh/candidate.json", dir);
    try (Profiler profiler = Profiler.builder().workDir(dir.resolve("captures")).build()) {
      run(baseline, candidate, AnalysisExample.profileOfWork(profiler, 1_000), AnalysisExample.profileOfWork(profiler, 1_000));
    }
    System.out.println("no significant slowdown");
  }

  private static Path resource(String name, Path dir) throws Exception {
    Path file = dir.resolve(Path.of(name).getFileName());
    try (InputStream in = RegressionsExample.class.getClassLoader().getResourceAsStream(name)) {
      Files.copy(in, file);
    }
    return file;
  }
}
