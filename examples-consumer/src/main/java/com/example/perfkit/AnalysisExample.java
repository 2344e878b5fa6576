package com.example.perfkit;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.FlameGraph;
import io.perfkit.profiler.analysis.ProfileDiff;
import io.perfkit.profiler.analysis.PprofExport;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The README's analysis and diff examples: top, lines, flame graph, pprof, a diff. Needs perf-profiler. */
public final class AnalysisExample {

  private AnalysisExample() {}

  /** The README's analysis example; writes {@code flame.html} and {@code cpu.pb.gz} into {@code dir}. */
  public static void analysis(Path recording, Path dir) throws Exception {
    // readme:analysis
    StackProfile profile = StackProfile.read(recording, ProfileType.CPU);
    profile.topSelf(20);                                           // pprof -top
    profile.lines("com.example.perfkit.Work.hotLoop")                      // pprof list: samples by line
        .forEach(l -> System.out.printf("line %d: %d flat, %d cumulative%n", l.line(), l.flat(), l.cumulative()));
    String collapsed = profile.tree().collapsed();                // flamegraph.pl, speedscope
    Files.writeString(dir.resolve("flame.html"), FlameGraph.html("checkout", profile));   // opens offline
    try (OutputStream out = Files.newOutputStream(dir.resolve("cpu.pb.gz"))) {
      PprofExport.write(recording, ProfileType.CPU, out);   // go tool pprof: lines, thread labels
    }
    // end
  }

  /** The README's diff example: fails when the hot method's self share grew by 5 points or more. */
  public static void diff(Path before, Path after) throws Exception {
    // readme:diff
    ProfileDiff diff = ProfileDiff.of(StackProfile.read(before, ProfileType.CPU), StackProfile.read(after, ProfileType.CPU));
    System.out.print(diff.report(10));                             // what grew, what shrank, in points of self time
    if (diff.selfDelta("com.example.perfkit.Work.hotLoop") >= 5.0) {  // in a test: assertTrue(… < 5.0, diff.report(10))
      throw new AssertionError("hotLoop's share grew:\n" + diff.report(10));
    }
    // end
  }

  /** A CPU profile of this thread running the hot loop. */
  static Path profileOfWork(Profiler profiler, long millis) throws Exception {
    CompletableFuture<CaptureResult> capture = profiler.capture(ProfileType.CPU, Duration.ofMillis(millis), Labels.empty());
    Work.hotLoop(millis + 200);
    return capture.get(30, TimeUnit.SECONDS).file();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("analysis");
    try (Profiler profiler = Profiler.builder().workDir(dir.resolve("captures")).build()) {
      Path before = profileOfWork(profiler, 1_000);
      analysis(before, dir);
      System.out.println("flame graph: " + dir.resolve("flame.html") + ", pprof: " + dir.resolve("cpu.pb.gz"));
      diff(before, profileOfWork(profiler, 1_000));
    }
  }
}
