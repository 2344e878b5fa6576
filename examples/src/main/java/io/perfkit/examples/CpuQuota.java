package io.perfkit.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a container runtime does with {@code --cpus}, done to this JVM for a demonstration: a
 * cgroup of its own with a CPU quota (v2 {@code cpu.max} where the v2 hierarchy has the CPU
 * controller, else v1 {@code cpu.cfs_quota_us}), the whole process moved into it.
 * {@link #close()} moves the process back where it was and removes the cgroup. Needs root and a
 * writable cgroup file system; {@link #confine} says why not otherwise.
 */
final class CpuQuota implements AutoCloseable {

  private static final long PERIOD_MICROS = 100_000;

  private final Path dir;
  private final Path home;  // the cgroup the process came from
  private final double cpus;
  private boolean closed;

  private CpuQuota(Path dir, Path home, double cpus) {
    this.dir = dir;
    this.home = home;
    this.cpus = cpus;
  }

  /**
   * Moves this JVM into a new cgroup allowing {@code cpus} CPUs.
   *
   * @throws IOException naming what could not be read or written
   */
  static CpuQuota confine(double cpus) throws IOException {
    long quota = Math.round(cpus * PERIOD_MICROS);
    String name = "perfkit-example-" + ProcessHandle.current().pid();
    Path v2 = Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.controllers")) ? Path.of("/sys/fs/cgroup/unified")
        : Path.of("/sys/fs/cgroup");
    if (read(v2.resolve("cgroup.controllers")).contains("cpu")) {
      Path home = v2.resolve(ownPath("").substring(1));
      Files.writeString(v2.resolve("cgroup.subtree_control"), "+cpu");
      Path dir = Files.createDirectories(v2.resolve(name));
      Files.writeString(dir.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
      return moveIn(dir, home, cpus);
    }
    Path v1 = Path.of("/sys/fs/cgroup/cpu");
    if (!Files.exists(v1.resolve("cpu.cfs_quota_us"))) {
      throw new IOException("no cgroup CPU controller is mounted (neither v2 with cpu nor v1 at " + v1 + ")");
    }
    Path home = v1.resolve(ownPath("cpu").substring(1));
    Path dir = Files.createDirectories(v1.resolve(name));
    Files.writeString(dir.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
    Files.writeString(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
    return moveIn(dir, home, cpus);
  }

  private static CpuQuota moveIn(Path dir, Path home, double cpus) throws IOException {
    try {
      Files.writeString(dir.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
    } catch (IOException e) {
      Files.deleteIfExists(dir);
      throw e;
    }
    return new CpuQuota(dir, home, cpus);
  }

  /** This process's cgroup path for a v1 controller ({@code ""} for the v2 hierarchy). */
  private static String ownPath(String controller) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.US_ASCII)) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && (controller.isEmpty() ? parts[0].equals("0") && parts[1].isEmpty()
          : java.util.Arrays.asList(parts[1].split(",")).contains(controller))) {
        return parts[2];
      }
    }
    throw new IOException("/proc/self/cgroup names no " + (controller.isEmpty() ? "v2" : controller) + " cgroup");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.2f CPUs (%d ms per %d ms period) in %s", cpus, Math.round(cpus * PERIOD_MICROS / 1000),
        PERIOD_MICROS / 1000, dir);
  }

  /** Moves the process back to its own cgroup and removes this one; idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    Files.writeString(home.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
    for (int attempt = 1; ; attempt++) {
      try {
        Files.delete(dir);
        return;
      } catch (IOException busy) {
        // the kernel may still count a thread that was moving: try again shortly
        if (attempt == 20) {
          throw new IOException("cannot remove the example's cgroup " + dir + ": " + busy.getMessage(), busy);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw busy;
        }
      }
    }
  }
}
