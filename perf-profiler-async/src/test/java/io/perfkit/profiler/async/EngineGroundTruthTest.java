package io.perfkit.profiler.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.FrameNames;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CpuEngine;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import one.profiler.AsyncProfiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against a ground truth, on whichever JDK runs the build: {@link EngineWorkload}
 * runs one thread per kind of code in a child JVM, each thread's CPU time being its kind's true
 * share. Totals: each kind's share of the profile (samples whose stack passes through its
 * method, as the analysis weighs them) and its share of the engine's raw samples (counted per
 * thread straight from the file) each within 5 points of its share of the CPU. Self time: the copy thread's samples end
 * in an array-copy stub, and the call loop's in the callee that is never inlined.
 */
final class EngineGroundTruthTest {

  private static final double BOUND_POINTS = 5.0;

  @TempDir Path dir;

  @Test
  void fiveKinds_totalsWithinFivePoints_andLeavesAreTheStubAndTheCallee() throws Exception {
    Path jfr = dir.resolve("ground-truth.jfr");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline," + EngineWorkload.class.getName() + "::callee", "-Xmx256m", "-cp",
        String.join(File.pathSeparator, codeSource(EngineWorkload.class), codeSource(AsyncProfilerEngine.class),
            codeSource(CpuEngine.class), codeSource(ProfileType.class), codeSource(AsyncProfiler.class)),
        EngineWorkload.class.getName(), jfr.toString(), "6"));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), out);
    assertEquals(0, child.exitValue(), out);

    Map<String, Long> cpu = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("truth ")) {
        String[] f = line.trim().split(" ");
        cpu.put(f[1], Long.parseLong(f[2]));
      }
    }
    assertEquals(5, cpu.size(), out);
    String cls = EngineWorkload.class.getName();
    StackProfile all = StackProfile.read(jfr, ProfileType.CPU);
    double cpuSum = cpu.values().stream().mapToLong(Long::longValue).sum();
    double weightSum = cpu.keySet().stream().mapToLong(k -> total(all, cls + "." + k)).sum();
    Map<String, Long> raw = new LinkedHashMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      RecordedThread t = e.getEventType().getName().equals("jdk.ExecutionSample") ? e.getThread("sampledThread") : null;
      if (t != null && t.getJavaName() != null && t.getJavaName().startsWith("kind-")) {
        raw.merge(t.getJavaName().substring("kind-".length()), 1L, Long::sum);
      }
    }
    double rawSum = raw.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "JDK %d, sampler %s%n%-11s %7s %7s %7s%n",
        Runtime.version().feature(), AsyncProfilerEngine.cpuSampler(jfr).orElse("?"), "kind", "truth", "profile", "raw"));
    Map<String, double[]> shares = new LinkedHashMap<>();
    cpu.forEach((k, ns) -> {
      double truth = 100 * ns / cpuSum;
      double profile = weightSum == 0 ? 0 : 100 * total(all, cls + "." + k) / weightSum;
      double samples = rawSum == 0 ? 0 : 100 * raw.getOrDefault(k, 0L) / rawSum;
      shares.put(k, new double[] {truth, profile, samples});
      table.append(String.format(Locale.ROOT, "%-11s %6.1f%% %6.1f%% %6.1f%%%n", k, truth, profile, samples));
    });

    StackProfile copy = ofThread(jfr, "kind-arraycopy");
    double copyStub = 100.0 * copy.methods().values().stream()
        .filter(m -> m.method().startsWith(FrameNames.NATIVE) && m.method().contains("arraycopy"))
        .mapToLong(MethodStat::self).sum() / copy.totalWeight();
    StackProfile calls = ofThread(jfr, "kind-callLoop");
    double callee = 100.0 * self(calls, cls + ".callee") / calls.totalWeight();
    StackProfile crc = ofThread(jfr, "kind-crc32");
    double crcStub = 100.0 * crc.methods().values().stream()
        .filter(m -> m.method().startsWith(FrameNames.NATIVE)).mapToLong(MethodStat::self).sum() / crc.totalWeight();
    table.append(String.format(Locale.ROOT, "self: arraycopy stubs %.1f%% of the copy thread, callee %.1f%% of the call loop,"
        + " native frames %.1f%% of the CRC32 thread%ntop self of the copy thread: %s%n", copyStub, callee, crcStub,
        copy.topSelf(3).stream().map(MethodStat::method).toList()));
    System.out.print(table);

    shares.forEach((k, s) -> assertTrue(Math.abs(s[0] - s[1]) <= BOUND_POINTS && Math.abs(s[0] - s[2]) <= BOUND_POINTS,
        k + " off by more than " + BOUND_POINTS + " points:\n" + table));
    assertTrue(copyStub > 50, "the copy thread's leaf is not the copy stub:\n" + table);
    assertTrue(callee > 30, "the call loop's self time is not in its callee:\n" + table);
  }

  private static StackProfile ofThread(Path jfr, String name) throws Exception {
    return StackProfile.read(jfr, ProfileType.CPU, e -> {
      RecordedThread t = e.getThread("sampledThread");
      return t != null && name.equals(t.getJavaName());
    });
  }

  private static long total(StackProfile p, String method) {
    MethodStat m = p.methods().get(method);
    return m == null ? 0 : m.total();
  }

  private static long self(StackProfile p, String method) {
    MethodStat m = p.methods().get(method);
    return m == null ? 0 : m.self();
  }

  private static String codeSource(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
