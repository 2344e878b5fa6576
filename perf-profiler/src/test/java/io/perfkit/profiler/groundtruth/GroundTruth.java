package io.perfkit.profiler.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.StackProfile;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link GroundTruthWorkload} in a child JVM of the running JDK and reads back each kind's
 * true share of the CPU: what every CPU engine's profile is held to, in this module's tests and
 * in an engine module's.
 */
public final class GroundTruth {

  private GroundTruth() {}

  /**
   * What one run measured.
   *
   * @param jfr the recording the workload wrote
   * @param cpu each kind's CPU time in the window, nanoseconds
   */
  public record Run(Path jfr, Map<String, Long> cpu) {

    /** Each kind's share of the CPU, in percent. */
    public Map<String, Double> truth() {
      double sum = cpu.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Double> out = new LinkedHashMap<>();
      cpu.forEach((kind, ns) -> out.put(kind, 100 * ns / sum));
      return out;
    }
  }

  /**
   * Runs the kinds (a kind twice runs two threads of it) for {@code seconds}, recording with
   * {@code recorder} ({@code jfr} or {@code engine}), with {@code classpath} beside this
   * module's classes.
   */
  public static Run run(Path dir, String recorder, int seconds, List<String> kinds, List<String> jvmArgs,
      List<Class<?>> classpath) throws Exception {
    Path jfr = dir.resolve("ground-truth-" + recorder + ".jfr");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:CompileCommand=quiet");
    cmd.add("-XX:CompileCommand=dontinline," + GroundTruthWorkload.class.getName() + "::tiny");
    cmd.add("-Xmx256m");
    cmd.add("-Dgroundtruth.recorder=" + recorder);
    cmd.addAll(jvmArgs);
    List<String> path = new ArrayList<>();
    for (Class<?> c : List.of(GroundTruthWorkload.class, StackProfile.class, io.perfkit.api.storage.ProfileType.class)) {
      path.add(codeSource(c));
    }
    for (Class<?> c : classpath) {
      path.add(codeSource(c));
    }
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, path));
    cmd.add(GroundTruthWorkload.class.getName());
    cmd.add(jfr.toString());
    cmd.add(Integer.toString(seconds));
    cmd.addAll(kinds);
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
    assertEquals(new HashSet<>(kinds), cpu.keySet(), out);
    return new Run(jfr, cpu);
  }

  /** Each kind's share of the weight of the stacks through the kinds' methods, in percent. */
  public static Map<String, Double> shares(StackProfile p, Set<String> kinds) {
    Map<String, MethodStat> methods = p.methods();
    Map<String, Long> weights = new LinkedHashMap<>();
    for (String kind : kinds) {
      weights.put(kind, total(p, method(kind)));
    }
    double sum = weights.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Double> out = new LinkedHashMap<>();
    weights.forEach((kind, w) -> out.put(kind, sum == 0 ? 0 : 100 * w / sum));
    return out;
  }

  /** The method a kind's thread spends its time in: {@code package.GroundTruthWorkload.KIND}. */
  public static String method(String kind) {
    return GroundTruthWorkload.class.getName() + "." + kind;
  }

  /** The method a call loop calls and the JVM never inlines. */
  public static String callee() {
    return GroundTruthWorkload.class.getName() + ".tiny";
  }

  private static long total(StackProfile p, String method) {
    MethodStat m = p.methods().get(method);
    return m == null ? 0 : m.total();
  }

  private static String codeSource(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
