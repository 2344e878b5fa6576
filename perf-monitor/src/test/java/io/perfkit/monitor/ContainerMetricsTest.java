package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.TestCgroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ContainerMetricsTest {

  @TempDir Path dir;

  private Path file(Path d, String name, String content) throws IOException {
    Files.createDirectories(d);
    return Files.writeString(d.resolve(name), content);
  }

  private static String mount(String id, String root, Path mountPoint, String fsType, String superOptions) {
    return id + " 31 0:" + id + " " + root + " " + mountPoint + " rw,relatime - " + fsType + " " + fsType + " "
        + superOptions;
  }

  @Test
  void v2_namespacedContainer_readsItsOwnDirectory_limitsUsageAndThrottling() throws IOException {
    Path cg = dir.resolve("unified");
    file(cg, "cgroup.controllers", "cpuset cpu io memory pids\n");
    file(cg, "cpu.max", "50000 100000\n");
    file(cg, "cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 40\n"
        + "nr_throttled 10\nthrottled_usec 750000\n");
    file(cg, "memory.max", "536870912\n");
    file(cg, "memory.current", "134217728\n");
    file(cg, "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
    Cgroup c = Cgroup.parse(List.of(mount("41", "/", cg, "cgroup2", "rw,nsdelegate")), List.of("0::/")).orElseThrow();
    assertEquals(Cgroup.Version.V2, c.version());
    assertEquals(0.5, c.cpuLimit().orElseThrow());
    assertEquals(new Cgroup.CpuStat(40, 10, 750_000_000L, 2_500_000_000L), c.cpuStat().orElseThrow());
    assertEquals(536870912L, c.memoryLimit().orElseThrow());
    assertEquals(134217728L, c.memoryUsage().orElseThrow());
    assertEquals(3, c.memoryLimitHits().orElseThrow());

    try (Monitor monitor = Monitor.builder().build(); ContainerMetrics m = ContainerMetrics.register(monitor, c)) {
      assertEquals(List.of("container.cpu.limit", "container.cpu.usage.seconds", "container.cpu.periods",
          "container.cpu.throttled.periods", "container.cpu.throttled.seconds", "container.cpu.throttled.fraction",
          "container.memory.limit.bytes", "container.memory.usage.bytes", "container.memory.usage.fraction",
          "container.memory.limit.hits"), m.metrics());
      MonitorSnapshot first = monitor.tick();
      assertEquals(0.5, first.value("container.cpu.limit").orElseThrow());
      assertEquals(10, first.value("container.cpu.throttled.periods").orElseThrow());
      assertEquals(0.75, first.value("container.cpu.throttled.seconds").orElseThrow(), 1e-9);
      assertEquals(0.25, first.value("container.memory.usage.fraction").orElseThrow());
      assertTrue(Double.isNaN(first.value("container.cpu.throttled.fraction").orElseThrow()), "no previous reading yet");
      file(cg, "cpu.stat", "usage_usec 2600000\nnr_periods 60\nnr_throttled 25\nthrottled_usec 900000\n");
      assertEquals(0.75, monitor.tick().value("container.cpu.throttled.fraction").orElseThrow(), 1e-9, "15 of 20 periods");
    }
  }

  @Test
  void v1_hostMountedHierarchies_resolveThePathBelowEachMount() throws IOException {
    Path cpu = dir.resolve("cpu");
    Path cpuacct = dir.resolve("cpuacct");
    Path memory = dir.resolve("memory");
    String path = "/kubepods/burstable/pod7/abc";
    file(cpu.resolve(path.substring(1)), "cpu.cfs_quota_us", "20000\n");
    file(cpu.resolve(path.substring(1)), "cpu.cfs_period_us", "100000\n");
    file(cpu.resolve(path.substring(1)), "cpu.stat", "nr_periods 100\nnr_throttled 80\nthrottled_time 4000000000\n");
    file(cpuacct.resolve(path.substring(1)), "cpuacct.usage", "123000000\n");
    file(memory.resolve(path.substring(1)), "memory.limit_in_bytes", "9223372036854771712\n");
    List<String> mountinfo = List.of(
        mount("32", "/", cpu, "cgroup", "rw,cpu"),
        mount("33", "/", cpuacct, "cgroup", "rw,cpuacct"),
        mount("35", "/", memory, "cgroup", "rw,memory"));
    List<String> procCgroup = List.of("4:memory:" + path, "2:cpuacct:" + path, "1:cpu:" + path, "0::/");
    Cgroup c = Cgroup.parse(mountinfo, procCgroup).orElseThrow();
    assertEquals(Cgroup.Version.V1, c.version());
    assertEquals(0.2, c.cpuLimit().orElseThrow(), 1e-12);
    assertEquals(new Cgroup.CpuStat(100, 80, 4_000_000_000L, 123_000_000L), c.cpuStat().orElseThrow());
    assertTrue(c.memoryLimit().isEmpty(), "the kernel's no-limit value is no limit");
    try (Monitor monitor = Monitor.builder().build(); ContainerMetrics m = ContainerMetrics.register(monitor, c)) {
      List<String> names = m.metrics();
      assertTrue(names.contains("container.cpu.throttled.periods"), names.toString());
      assertFalse(names.stream().anyMatch(n -> n.startsWith("container.memory")), "no memory limit: " + names);
    }
  }

  @Test
  void withoutLimits_orOutsideACgroup_nothingIsRegistered_notZeros() throws IOException {
    Path cg = dir.resolve("unified");
    file(cg, "cgroup.controllers", "cpu memory\n");
    file(cg, "cpu.max", "max 100000\n");
    file(cg, "cpu.stat", "usage_usec 1\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
    file(cg, "memory.max", "max\n");
    file(cg, "memory.current", "1000\n");
    Cgroup unlimited = Cgroup.parse(List.of(mount("41", "/", cg, "cgroup2", "rw")), List.of("0::/")).orElseThrow();
    try (Monitor monitor = Monitor.builder().build()) {
      ContainerMetrics none = ContainerMetrics.register(monitor, unlimited);
      assertEquals(List.of(), none.metrics());
      assertTrue(none.throttledBetween(java.time.Instant.now().minusSeconds(1), java.time.Instant.now()).isEmpty(),
          "no quota: throttling unknown, not zero");
      assertEquals(List.of(), ContainerMetrics.register(monitor, null).metrics());
      assertTrue(monitor.tick().sample("container.cpu.limit").isEmpty());
    }
    assertTrue(Cgroup.parse(List.of("22 1 0:21 / /proc rw - proc proc rw"), List.of("0::/")).isEmpty());
  }

  @Test
  void throttlingHistory_interpolatesBetweenReadings_andKnowsOnlyWhatItKept() throws IOException {
    Path cg = dir.resolve("unified");
    file(cg, "cgroup.controllers", "cpu\n");
    file(cg, "cpu.max", "20000 100000\n");
    file(cg, "cpu.stat", "usage_usec 1\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
    Cgroup c = Cgroup.parse(List.of(mount("41", "/", cg, "cgroup2", "rw")), List.of("0::/")).orElseThrow();
    ContainerMetrics.ThrottleHistory h = new ContainerMetrics.ThrottleHistory(c, 4);
    java.time.Instant t0 = java.time.Instant.parse("2026-12-03T10:00:00Z");
    long s0 = t0.getEpochSecond() * 1_000_000_000L;
    h.add(s0, 0);
    h.add(s0 + 1_000_000_000L, 400_000_000L);     // 400 ms throttled in the first second
    h.add(s0 + 2_000_000_000L, 400_000_000L);     // none in the next
    assertEquals(Duration.ofMillis(200), h.between(t0.plusMillis(500), t0.plusMillis(1000)).orElseThrow());
    assertEquals(Duration.ofMillis(300), h.between(t0.plusMillis(250), t0.plusMillis(1500)).orElseThrow());
    assertEquals(Duration.ZERO, h.between(t0.plusMillis(1200), t0.plusMillis(1900)).orElseThrow());
    assertTrue(h.between(t0.minusSeconds(1), t0.plusMillis(500)).isEmpty(), "before the oldest reading");
    h.add(s0 + 3_000_000_000L, 500_000_000L);
    h.add(s0 + 4_000_000_000L, 600_000_000L);     // the ring of 4 drops the first reading
    assertTrue(h.between(t0.plusMillis(500), t0.plusMillis(1500)).isEmpty(), "overwritten");
    assertEquals(Duration.ofMillis(200), h.between(t0.plusMillis(2000), t0.plusMillis(4000)).orElseThrow());
  }

  /**
   * The real thing: a child JVM in a cgroup of its own with 0.2 CPU, burning two threads, reports
   * what the kernel's {@code cpu.stat} says, and the throttling rule fires.
   */
  @Test
  void aChildJvmUnderACpuQuota_reportsTheKernelsThrottling_andTheRuleFires() throws Exception {
    try (TestCgroup cgroup = TestCgroup.create("the container metrics are checked against a real CPU quota",
        Duration.ofMillis(2), Duration.ofMillis(10))) {
      Map<String, Long> kernel = new HashMap<>();
      Map<String, String> said = cgroup.runInside(ContainerChild.class, List.of(), () -> {
        try {
          kernel.putAll(cgroup.cpuStat());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      assertTrue(said.getOrDefault("metrics", "").contains("container.cpu.throttled.periods"), said.toString());
      assertEquals(0.2, Double.parseDouble(said.get("container.cpu.limit")), 1e-9);
      double throttled = Double.parseDouble(said.get("container.cpu.throttled.periods"));
      double periods = Double.parseDouble(said.get("container.cpu.periods"));
      double throttledSeconds = Double.parseDouble(said.get("container.cpu.throttled.seconds"));
      assertTrue(kernel.get("nr_throttled") > 50, "the quota ran out: " + kernel);
      assertEquals(kernel.get("nr_throttled"), throttled, 0.05 * kernel.get("nr_throttled"), said + " vs " + kernel);
      assertEquals(kernel.get("nr_periods"), periods, 0.05 * kernel.get("nr_periods"), said + " vs " + kernel);
      assertEquals(kernel.get("throttled_time") / 1e9, throttledSeconds, 0.05 * kernel.get("throttled_time") / 1e9,
          said + " vs " + kernel);
      assertTrue(Double.parseDouble(said.get("container.cpu.throttled.fraction")) > 0.5, said.toString());
      assertEquals("FIRING", said.get("rule"), said.toString());
    }
  }

  /** A child JVM under a real memory limit reports the limit and its usage as the cgroup's files say. */
  @Test
  void aChildJvmUnderAMemoryLimit_reportsTheLimitAndItsUsage() throws Exception {
    long limit = 512L << 20;
    try (TestCgroup cgroup = TestCgroup.create("the container metrics are checked against a real cgroup",
        Duration.ofMillis(200), Duration.ofMillis(100)).withMemoryLimit("a real memory limit", limit)) {
      Map<String, Long> files = new HashMap<>();
      Map<String, String> said = cgroup.runInside(MemoryLimitChild.class, List.of(), () -> {
        Path mem = cgroup.memoryDir();
        files.put("limit", readLong(mem, cgroup.v2() ? "memory.max" : "memory.limit_in_bytes"));
        files.put("usage", readLong(mem, cgroup.v2() ? "memory.current" : "memory.usage_in_bytes"));
      });
      assertEquals(limit, files.get("limit"));
      assertEquals((double) limit, Double.parseDouble(said.get("container.memory.limit.bytes")), said.toString());
      double usage = Double.parseDouble(said.get("container.memory.usage.bytes"));
      assertTrue(usage >= 64 << 20, "the 64 MiB the child touched are charged: " + said);
      assertEquals(files.get("usage"), usage, 0.1 * files.get("usage"), said + " vs " + files);
      assertEquals(usage / limit, Double.parseDouble(said.get("container.memory.usage.fraction")), 1e-9, said.toString());
    }
  }

  private static long readLong(Path dir, String file) {
    try {
      return Long.parseLong(Files.readString(dir.resolve(file)).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
