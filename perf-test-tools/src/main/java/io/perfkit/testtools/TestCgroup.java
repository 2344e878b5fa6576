package io.perfkit.testtools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A cgroup of a test's own with a CPU quota, and optionally a memory limit, for a child JVM to
 * run in: made under the cgroup v2 hierarchy when its CPU controller can be enabled there, else
 * under the v1 {@code cpu} controller (and {@code memory}), and removed by {@link #close()}.
 * Where neither can be written (not root, no cgroup file system), the test is skipped with that
 * reason, or failed under {@code CI=true}, as {@link ExternalTools#require} does for a missing
 * program.
 */
public final class TestCgroup implements AutoCloseable {

  private final Path dir;
  private final boolean v2;
  private Path memoryDir;  // v1: the memory hierarchy's own directory; v2: dir; null without a limit

  private TestCgroup(Path dir, boolean v2) {
    this.dir = dir;
    this.v2 = v2;
  }

  /**
   * A new cgroup allowing {@code quota} of CPU time per {@code period}.
   *
   * @param why what the test checks, for the skip or failure message
   */
  public static TestCgroup create(String why, Duration quota, Duration period) {
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
        return new TestCgroup(dir, true);
      }
      if (Files.exists(v1Root.resolve("cpu.cfs_quota_us"))) {
        Path dir = Files.createDirectory(v1Root.resolve(name));
        Files.writeString(dir.resolve("cpu.cfs_period_us"), Long.toString(micros(period)));
        Files.writeString(dir.resolve("cpu.cfs_quota_us"), Long.toString(micros(quota)));
        return new TestCgroup(dir, false);
      }
      failure = "no cgroup CPU controller is mounted (neither v2 with cpu nor v1 cpu)";
    } catch (IOException | SecurityException e) {
      failure = "cannot create a cgroup with a CPU quota: " + e;
    }
    throw ExternalTools.unavailable(failure + ": " + why);
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

  /**
   * Also limits the cgroup's memory to {@code bytes}: in the same directory on v2, in a directory
   * of the same name in the v1 {@code memory} hierarchy otherwise. Skipped (failed under CI) where
   * no memory controller can be written.
   */
  public TestCgroup withMemoryLimit(String why, long bytes) {
    String failure;
    try {
      if (v2) {
        Files.writeString(dir.getParent().resolve("cgroup.subtree_control"), "+memory");
        Files.writeString(dir.resolve("memory.max"), Long.toString(bytes));
        memoryDir = dir;
        return this;
      }
      Path v1Root = Path.of("/sys/fs/cgroup/memory");
      if (Files.exists(v1Root.resolve("memory.limit_in_bytes"))) {
        Path mem = Files.createDirectory(v1Root.resolve(dir.getFileName()));
        memoryDir = mem;
        Files.writeString(mem.resolve("memory.limit_in_bytes"), Long.toString(bytes));
        return this;
      }
      failure = "no cgroup memory controller is mounted";
    } catch (IOException | SecurityException e) {
      failure = "cannot limit the cgroup's memory: " + e;
    }
    throw ExternalTools.unavailable(failure + ": " + why);
  }

  /** The directory holding the memory controller's files, once {@link #withMemoryLimit} set one. */
  public Path memoryDir() {
    if (memoryDir == null) {
      throw new IllegalStateException("no memory limit set on " + dir);
    }
    return memoryDir;
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
    if (memoryDir != null && !memoryDir.equals(dir)) {
      Files.writeString(memoryDir.resolve("cgroup.procs"), Long.toString(pid));
    }
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

  /**
   * Runs {@code main} in a JVM like this one (same {@code java}, same class path) inside the
   * cgroup, by a small protocol: the child prints {@code ready} and waits; it is moved in and told
   * {@code go}; it prints {@code name=value} lines and then {@code done}, and waits for a line
   * before it exits, so that its parent reads the cgroup while the child still lives.
   *
   * @param afterDone called after {@code done}, while the child waits: the place to read
   *     {@link #cpuStat()}
   * @return the child's {@code name=value} lines
   */
  public Map<String, String> runInside(Class<?> main, List<String> args, Runnable afterDone) throws IOException,
      InterruptedException {
    return run(javaCommand(main, List.of(), args), afterDone);
  }

  /**
   * As {@link #runInside}, but the child JVM starts inside the cgroup, as a container runtime
   * starts it: the JVM sizes its heap and its CPU count by the cgroup's limits from its first
   * instruction, and sees itself as containerized.
   *
   * @param jvmArgs options for the child JVM, such as {@code -Xmx600m}
   */
  public Map<String, String> runInsideFromStart(Class<?> main, List<String> jvmArgs, List<String> args, Runnable afterDone)
      throws IOException, InterruptedException {
    StringBuilder script = new StringBuilder("echo $$ > '").append(dir.resolve("cgroup.procs")).append("' && ");
    if (memoryDir != null && !memoryDir.equals(dir)) {
      script.append("echo $$ > '").append(memoryDir.resolve("cgroup.procs")).append("' && ");
    }
    script.append("exec \"$@\"");
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "sh"));
    cmd.addAll(javaCommand(main, jvmArgs, args));
    return run(cmd, afterDone);
  }

  private static List<String> javaCommand(Class<?> main, List<String> jvmArgs, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(args);
    return cmd;
  }

  private Map<String, String> run(List<String> cmd, Runnable afterDone) throws IOException, InterruptedException {
    Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Writer toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
      String first = out.readLine();
      if (!"ready".equals(first)) {
        throw new IOException(String.join(" ", cmd) + " did not say ready: " + first);
      }
      add(child.pid());
      toChild.write("go\n");
      toChild.flush();
      Map<String, String> said = new LinkedHashMap<>();
      for (String line = out.readLine(); line != null && !line.equals("done"); line = out.readLine()) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          said.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      afterDone.run();
      toChild.write("bye\n");
      toChild.flush();
      return said;
    } finally {
      child.destroy();
      child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /**
   * The child's side of {@link #runInside}: says {@code ready}, and returns whether it was told
   * to go.
   */
  public static boolean awaitGo(BufferedReader in) throws IOException {
    System.out.println("ready");
    System.out.flush();
    return "go".equals(in.readLine());
  }

  /** Keeps {@code threads} threads busy computing for {@code duration}, then returns. */
  public static void burn(int threads, Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        double x = 1;
        while (System.nanoTime() < end) {
          for (int k = 0; k < 10_000; k++) {
            x = x * 1.0000001 + 1e-9;
          }
        }
        if (x == 42) {
          System.out.println(x);
        }
      }, "burn-" + i);
      t.start();
      started.add(t);
    }
    for (Thread t : started) {
      t.join();
    }
  }

  /** Moves any process still inside back to the parent cgroup, then removes the cgroup. */
  @Override
  public void close() throws IOException {
    try {
      remove(dir);
    } finally {
      if (memoryDir != null && !memoryDir.equals(dir)) {
        remove(memoryDir);
      }
    }
  }

  private static void remove(Path dir) throws IOException {
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
