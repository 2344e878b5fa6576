package io.perfkit.profiler.async;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.FrameNames;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.groundtruth.GroundTruth;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import one.profiler.AsyncProfiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against the ground truth perf-profiler's own CPU profiles are held to, on whichever
 * JDK runs the build: {@link GroundTruth} runs one thread per kind of code in a child JVM, each
 * thread's CPU time being its kind's true share, sampled by the installed engine. Totals: each
 * kind's share of the profile (samples whose stack passes through its method, as the analysis
 * weighs them) and its share of the engine's raw samples (counted per thread straight from the
 * file) each within 5 points of its share of the CPU. Self time: the copy thread's samples end
 * in an array-copy stub, and the call loop's in the callee that is never inlined.
 */
final class EngineGroundTruthTest {

  private static final double BOUND_POINTS = 5.0;
  private static final List<String> KINDS = List.of("arraycopy", "crc32", "callLoop", "arithmetic", "deflate");

  @TempDir Path dir;

  @Test
  void fiveKinds_totalsWithinFivePoints_andLeavesAreTheStubAndTheCallee() throws Exception {
    GroundTruth.Run run = GroundTruth.run(dir, "engine", 6, KINDS, List.of("--enable-native-access=ALL-UNNAMED"),
        List.of(AsyncProfilerEngine.class, AsyncProfiler.class));
    Path jfr = run.jfr();
    Map<String, Double> truth = run.truth();
    Map<String, Double> profile = GroundTruth.shares(StackProfile.read(jfr, ProfileType.CPU), truth.keySet());
    Map<String, Long> raw = new LinkedHashMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      RecordedThread t = e.getEventType().getName().equals("jdk.ExecutionSample") ? e.getThread("sampledThread") : null;
      String kind = t == null ? null : kindOf(t.getJavaName());
      if (kind != null) {
        raw.merge(kind, 1L, Long::sum);
      }
    }
    double rawSum = raw.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "JDK %d, sampler %s%n%-11s %7s %7s %7s%n",
        Runtime.version().feature(), AsyncProfilerEngine.cpuSampler(jfr).orElse("?"), "kind", "truth", "profile", "raw"));
    Map<String, Double> samples = new LinkedHashMap<>();
    truth.forEach((k, t) -> {
      samples.put(k, rawSum == 0 ? 0 : 100 * raw.getOrDefault(k, 0L) / rawSum);
      table.append(String.format(Locale.ROOT, "%-11s %6.1f%% %6.1f%% %6.1f%%%n", k, t, profile.get(k), samples.get(k)));
    });

    StackProfile copy = ofKind(jfr, "arraycopy");
    double copyStub = 100.0 * copy.methods().values().stream()
        .filter(m -> m.method().startsWith(FrameNames.NATIVE) && m.method().contains("arraycopy"))
        .mapToLong(MethodStat::self).sum() / copy.totalWeight();
    StackProfile calls = ofKind(jfr, "callLoop");
    MethodStat callee = calls.methods().get(GroundTruth.callee());
    double calleeShare = callee == null ? 0 : 100.0 * callee.self() / calls.totalWeight();
    StackProfile crc = ofKind(jfr, "crc32");
    double crcStub = 100.0 * crc.methods().values().stream()
        .filter(m -> m.method().startsWith(FrameNames.NATIVE)).mapToLong(MethodStat::self).sum() / crc.totalWeight();
    table.append(String.format(Locale.ROOT, "self: arraycopy stubs %.1f%% of the copy thread, callee %.1f%% of the call loop,"
        + " native frames %.1f%% of the CRC32 thread%ntop self of the copy thread: %s%n", copyStub, calleeShare, crcStub,
        copy.topSelf(3).stream().map(MethodStat::method).toList()));
    System.out.print(table);

    truth.forEach((k, t) -> assertTrue(Math.abs(t - profile.get(k)) <= BOUND_POINTS && Math.abs(t - samples.get(k)) <= BOUND_POINTS,
        k + " off by more than " + BOUND_POINTS + " points:\n" + table));
    assertTrue(copyStub > 50, "the copy thread's leaf is not the copy stub:\n" + table);
    assertTrue(calleeShare > 30, "the call loop's self time is not in its callee:\n" + table);
  }

  /** The kind a workload thread runs: its name is {@code kind-KIND-N}; null for any other thread. */
  private static String kindOf(String threadName) {
    if (threadName == null || !threadName.startsWith("kind-")) {
      return null;
    }
    String rest = threadName.substring("kind-".length());
    return rest.contains("-") ? rest.substring(0, rest.lastIndexOf('-')) : rest;
  }

  private static StackProfile ofKind(Path jfr, String kind) throws Exception {
    return StackProfile.read(jfr, ProfileType.CPU, e -> {
      RecordedThread t = e.getThread("sampledThread");
      return t != null && kind.equals(kindOf(t.getJavaName()));
    });
  }
}
