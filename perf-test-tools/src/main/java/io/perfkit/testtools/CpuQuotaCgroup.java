package io.perfkit.testtools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A cgroup of a test's own with a CPU quota, for a child JVM to run in: made under the cgroup v2
 * hierarchy when its CPU controller can be enabled there, else under the v1 {@code cpu}
 * controller, and removed by {@link #close()}. Where neither can be written (not root, no
 * cgroup file system), the test is skipped with that reason, or failed under {@code CI=true}, as
 * {@link ExternalTools#require} does for a missing program.
 */
public final class CpuQuotaCgroup implements AutoCloseable {

  private final Path dir;
  private final boolean v2;

  private CpuQuotaCgroup(Path dir, boolean v2) {
    this.dir = dir;
    this.v2 = v2;
  }

  /**
   * A new cgroup allowing {@code quota} of CPU time per {@code period}.
   *
   * @param why what the test checks, for the skip or failure message
   */
  public static CpuQuotaCgroup create(String why, Duration quota, Duration period) {
    String name = "perfkit-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    String failure;
    try {
      Path v2Root = Path.of("/sys/fs/cgroup/unified");
      if (!Files.exists(v2Root.resolve("cgroup.controllers"))) {
        v2Root = Path.of("/sys/fs/cgroup");
      }
      Path v1Root = Path.of("/sys/fs/cgroup/cpu");
      if (readOrEmpty(v2Root.resolve("cgroup.controllers")).contains("cpu")) {
        Files.writeString(v2Root.resolve("cgroup.subtree_control"), "+cpu");
        Path dir = Files.createDirectory(v2Root.resolve(name));
        Files.writeString(dir.resolve("cpu.max"), micros(quota) + " " + micros(period));
        return new CpuQuotaCgroup(dir, true);
      }
      if (Files.exists(v1Root.resolve("cpu.cfs_quota_us"))) {
        Path dir = Files.createDirectory(v1Root.resolve(name));
        Files.writeString(dir.resolve("cpu.cfs_period_us"), Long.toString(micros(period)));
        Files.writeString(dir.resolve("cpu.cfs_quota_us"), Long.toString(micros(quota)));
        return new CpuQuotaCgroup(dir, false);
      }
      failure = "no cgroup CPU controller is mounted (neither v2 with cpu nor v1 cpu)";
    } catch (IOException | SecurityException e) {
      failure = "cannot create a cgroup with a CPU quota: " + e;
    }
    String message = failure + ": " + why;
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  private static long micros(Duration d) {
    return d.toNanos() / 1000;
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }

  /** The cgroup's directory. */
  public Path dir() {
    return dir;
  }

  /** Whether it is in the v2 hierarchy. */
  public boolean v2() {
    return v2;
  }

  /** Moves the process {@code pid}, all its threads, into the cgroup. */
  public void add(long pid) throws IOException {
    Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid));
  }

  /**
   * The kernel's {@code cpu.stat} for the cgroup, key by key, with v1's names:
   * {@code nr_periods}, {@code nr_throttled} and {@code throttled_time} in nanoseconds (from
   * v2's {@code throttled_usec}).
   */
  public Map<String, Long> cpuStat() throws IOException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir.resolve("cpu.stat"), StandardCharsets.US_ASCII)) {
      String[] kv = line.trim().split("\\s+");
      if (kv.length == 2) {
        out.put(kv[0], Long.parseLong(kv[1]));
      }
    }
    if (v2 && out.containsKey("throttled_usec")) {
      out.put("throttled_time", out.get("throttled_usec") * 1000);
    }
    return out;
  }

  /** Moves any process still inside back to the parent cgroup, then removes the cgroup. */
  @Override
  public void close() throws IOException {
    Path parentProcs = dir.getParent().resolve("cgroup.procs");
    for (int attempt = 0; attempt < 50; attempt++) {
      List<String> left = Files.readAllLines(dir.resolve("cgroup.procs"), StandardCharsets.US_ASCII);
      for (String pid : left) {
        if (!pid.isBlank()) {
          try {
            Files.writeString(parentProcs, pid.trim());
          } catch (IOException e) {
            // the process exited meanwhile
          }
        }
      }
      try {
        Files.delete(dir);
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while removing " + dir, ie);
        }
      }
    }
    throw new IOException("cgroup " + dir + " still has processes; remove it by hand");
  }
}
