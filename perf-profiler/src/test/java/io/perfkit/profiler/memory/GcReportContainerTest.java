package io.perfkit.profiler.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.TestCgroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GC report of a JVM started in a real cgroup with a memory limit, as in a container: the
 * limit comes back from the recording, and a heap allowed to outgrow it is a finding.
 */
final class GcReportContainerTest {

  @TempDir Path dir;

  /** The GC report of a child JVM started inside a cgroup limited to {@code limit} bytes. */
  private GcReport reportUnder(long limit, List<String> jvmArgs, Map<String, String> said) throws Exception {
    try (TestCgroup cgroup = TestCgroup.create("the GC report is checked under a real memory limit",
        Duration.ofMillis(100), Duration.ofMillis(100)).withMemoryLimit("a real memory limit", limit)) {
      said.putAll(cgroup.runInsideFromStart(ContainerHeapChild.class, jvmArgs, List.of(dir.toString()), () -> {}));
    }
    return GcReport.read(Path.of(said.get("file")));
  }

  @Test
  void aHeapAllowedMoreThanTheContainer_isAFinding() throws Exception {
    long limit = 512L << 20;
    Map<String, String> said = new java.util.HashMap<>();
    GcReport r = reportUnder(limit, List.of("-Xmx600m"), said);
    assertEquals(limit, r.containerMemoryLimit(), r.text());
    long maxMemory = Long.parseLong(said.get("maxMemory"));
    assertTrue(maxMemory > limit * 0.9, "-Xmx600m: " + said);
    GcFinding f = r.findings().stream().filter(x -> x.code().equals("heap-vs-container-limit")).findFirst()
        .orElseThrow(() -> new AssertionError(r.text()));
    assertEquals(limit, ((Number) f.evidence().get("limitBytes")).longValue());
    assertEquals((double) r.maxHeap() / limit, ((Number) f.evidence().get("fraction")).doubleValue(), 1e-9);
    assertTrue(r.text().contains("container   memory limit 512 MiB"), r.text());
    assertEquals(limit, ((Number) r.toJson().get("containerMemoryLimitBytes")).longValue());
  }

  @Test
  void theJvmsOwnHeapSizing_isReportedWithTheLimit_butIsNoFinding() throws Exception {
    long limit = 512L << 20;
    Map<String, String> said = new java.util.HashMap<>();
    GcReport r = reportUnder(limit, List.of(), said);
    assertTrue(Long.parseLong(said.get("maxMemory")) <= limit / 2, "the JVM sized its heap by the limit: " + said);
    assertEquals(limit, r.containerMemoryLimit(), r.text());
    assertTrue(r.findings().stream().noneMatch(x -> x.code().equals("heap-vs-container-limit")), r.text());
  }
}
