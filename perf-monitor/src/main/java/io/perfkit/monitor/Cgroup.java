package io.perfkit.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The cgroup this process runs in, read from the kernel's files: v2 (one unified hierarchy) or v1
 * (a hierarchy per controller), found the way the JDK finds them, through
 * {@code /proc/self/mountinfo} (where each hierarchy is mounted, and which part of it the mount
 * shows) and {@code /proc/self/cgroup} (the process's path in each). A container that mounts only
 * its own part (a cgroup namespace) and a host that mounts the whole tree both resolve to the
 * process's own directory.
 *
 * <p>Every read is a few small files; a value the kernel does not offer reads empty, never zero.
 */
final class Cgroup {

  /** Above this, a v1 memory limit is the kernel's "no limit" (a page-rounded {@code LONG_MAX}). */
  private static final long NO_LIMIT = 1L << 62;

  enum Version { V1, V2 }

  /** CPU time accounted to the cgroup and how often its quota ran out. */
  record CpuStat(long periods, long throttledPeriods, long throttledNanos, long usageNanos) {}

  private final Version version;
  private final Path cpu;      // v1 cpu controller, or the v2 directory; null without one
  private final Path cpuacct;  // v1 cpuacct controller; null on v2, where cpu.stat has the usage
  private final Path memory;   // v1 memory controller, or the v2 directory; null without one

  private Cgroup(Version version, Path cpu, Path cpuacct, Path memory) {
    this.version = version;
    this.cpu = cpu;
    this.cpuacct = cpuacct;
    this.memory = memory;
  }

  /** This process's cgroup; empty off Linux, or where no CPU or memory controller is mounted. */
  static Optional<Cgroup> ofThisProcess() {
    Path mountinfo = Path.of("/proc/self/mountinfo");
    Path cgroup = Path.of("/proc/self/cgroup");
    if (!Files.isReadable(mountinfo) || !Files.isReadable(cgroup)) {
      return Optional.empty();
    }
    try {
      return parse(Files.readAllLines(mountinfo, StandardCharsets.UTF_8), Files.readAllLines(cgroup, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The cgroup these two files describe. v1 controllers win over the v2 hierarchy when both are
   * mounted (a hybrid host), as the kernel accounts a controller in one hierarchy only.
   */
  static Optional<Cgroup> parse(List<String> mountinfo, List<String> procCgroup) {
    Path cpu = v1Dir("cpu", mountinfo, procCgroup);
    Path cpuacct = v1Dir("cpuacct", mountinfo, procCgroup);
    Path memory = v1Dir("memory", mountinfo, procCgroup);
    if (cpu != null || memory != null) {
      return Optional.of(new Cgroup(Version.V1, cpu, cpuacct, memory));
    }
    Path unified = v2Dir(mountinfo, procCgroup);
    if (unified == null) {
      return Optional.empty();
    }
    String controllers = read(unified.resolve("cgroup.controllers")).orElse("");
    boolean hasCpu = List.of(controllers.trim().split("\\s+")).contains("cpu") || Files.exists(unified.resolve("cpu.max"));
    boolean hasMemory = List.of(controllers.trim().split("\\s+")).contains("memory")
        || Files.exists(unified.resolve("memory.current"));
    if (!hasCpu && !hasMemory) {
      return Optional.empty();
    }
    return Optional.of(new Cgroup(Version.V2, hasCpu ? unified : null, null, hasMemory ? unified : null));
  }

  Version version() {
    return version;
  }

  boolean hasCpu() {
    return cpu != null;
  }

  boolean hasMemory() {
    return memory != null;
  }

  /** The directory of the CPU controller (the v2 directory on v2). */
  Optional<Path> cpuDir() {
    return Optional.ofNullable(cpu);
  }

  /** The CPUs the quota allows (quota over period); empty without a quota. */
  OptionalDouble cpuLimit() {
    if (cpu == null) {
      return OptionalDouble.empty();
    }
    if (version == Version.V2) {
      // cpu.max: "max 100000" or "20000 100000"
      Optional<String> max = read(cpu.resolve("cpu.max"));
      if (max.isEmpty()) {
        return OptionalDouble.empty();
      }
      String[] parts = max.get().trim().split("\\s+");
      if (parts.length != 2 || parts[0].equals("max")) {
        return OptionalDouble.empty();
      }
      return ratio(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }
    OptionalLong quota = readLong(cpu.resolve("cpu.cfs_quota_us"));
    OptionalLong period = readLong(cpu.resolve("cpu.cfs_period_us"));
    if (quota.isEmpty() || period.isEmpty() || quota.getAsLong() <= 0) {
      return OptionalDouble.empty();
    }
    return ratio(quota.getAsLong(), period.getAsLong());
  }

  private static OptionalDouble ratio(long quota, long period) {
    return period > 0 ? OptionalDouble.of(quota / (double) period) : OptionalDouble.empty();
  }

  /** The CPU counters; empty without a CPU controller or when its files cannot be read. */
  Optional<CpuStat> cpuStat() {
    if (cpu == null) {
      return Optional.empty();
    }
    Optional<String> stat = read(cpu.resolve("cpu.stat"));
    if (stat.isEmpty()) {
      return Optional.empty();
    }
    long periods = field(stat.get(), "nr_periods");
    long throttled = field(stat.get(), "nr_throttled");
    if (version == Version.V2) {
      return Optional.of(new CpuStat(periods, throttled, field(stat.get(), "throttled_usec") * 1000,
          field(stat.get(), "usage_usec") * 1000));
    }
    long usage = cpuacct == null ? -1 : readLong(cpuacct.resolve("cpuacct.usage")).orElse(-1);
    return Optional.of(new CpuStat(periods, throttled, field(stat.get(), "throttled_time"), usage));
  }

  /** The memory limit in bytes; empty without one. */
  OptionalLong memoryLimit() {
    if (memory == null) {
      return OptionalLong.empty();
    }
    OptionalLong limit = readLong(memory.resolve(version == Version.V2 ? "memory.max" : "memory.limit_in_bytes"));
    return limit.isPresent() && limit.getAsLong() < NO_LIMIT ? limit : OptionalLong.empty();
  }

  /** Memory the cgroup uses now (page cache included, as the kernel counts it against the limit). */
  OptionalLong memoryUsage() {
    return memory == null ? OptionalLong.empty()
        : readLong(memory.resolve(version == Version.V2 ? "memory.current" : "memory.usage_in_bytes"));
  }

  /** Times the cgroup's usage hit its limit (v1 {@code failcnt}, v2 {@code memory.events max}). */
  OptionalLong memoryLimitHits() {
    if (memory == null) {
      return OptionalLong.empty();
    }
    if (version == Version.V2) {
      Optional<String> events = read(memory.resolve("memory.events"));
      return events.isEmpty() ? OptionalLong.empty() : OptionalLong.of(field(events.get(), "max"));
    }
    return readLong(memory.resolve("memory.failcnt"));
  }

  @Override
  public String toString() {
    return "cgroup " + version.name().toLowerCase(java.util.Locale.ROOT) + " (cpu " + cpu + ", memory " + memory + ")";
  }

  // ---- locating the directories ----

  /** The v1 directory of {@code controller} for this process, or null when it is not mounted. */
  private static Path v1Dir(String controller, List<String> mountinfo, List<String> procCgroup) {
    String path = null;
    for (String line : procCgroup) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && !f[1].isEmpty() && List.of(f[1].split(",")).contains(controller)) {
        path = f[2];
      }
    }
    if (path == null) {
      return null;
    }
    for (String line : mountinfo) {
      Mount m = Mount.parse(line);
      if (m != null && m.fsType.equals("cgroup") && List.of(m.superOptions.split(",")).contains(controller)) {
        return existing(m.resolve(path));
      }
    }
    return null;
  }

  private static Path v2Dir(List<String> mountinfo, List<String> procCgroup) {
    String path = null;
    for (String line : procCgroup) {
      if (line.startsWith("0::")) {
        path = line.substring(3);
      }
    }
    if (path == null) {
      return null;
    }
    for (String line : mountinfo) {
      Mount m = Mount.parse(line);
      if (m != null && m.fsType.equals("cgroup2")) {
        return existing(m.resolve(path));
      }
    }
    return null;
  }

  private static Path existing(Path dir) {
    return Files.isDirectory(dir) ? dir : null;
  }

  /** One line of {@code /proc/self/mountinfo}: {@code id parent dev root mountpoint opts … - fstype source superopts}. */
  private record Mount(String root, String mountPoint, String fsType, String superOptions) {

    static Mount parse(String line) {
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        return null;
      }
      String[] head = line.substring(0, dash).split(" ");
      String[] tail = line.substring(dash + 3).split(" ");
      if (head.length < 5 || tail.length < 3) {
        return null;
      }
      return new Mount(unescape(head[3]), unescape(head[4]), tail[0], tail[2]);
    }

    /**
     * Where the process's cgroup {@code path} is under this mount: below the mount point by the
     * part of the path under the mount's root; the mount point itself when the mount shows only
     * the process's own part (a namespaced container, whose path then reads "/").
     */
    Path resolve(String path) {
      String relative;
      if (root.equals("/")) {
        relative = path;
      } else if (path.equals(root) || path.startsWith(root + "/")) {
        relative = path.substring(root.length());
      } else {
        relative = "";
      }
      return relative.isEmpty() || relative.equals("/") ? Path.of(mountPoint) : Path.of(mountPoint, relative.substring(1));
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String s) {
      if (s.indexOf('\\') < 0) {
        return s;
      }
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 3 < s.length()) {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
          i += 3;
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
  }

  // ---- reading the files ----

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static OptionalLong readLong(Path file) {
    Optional<String> s = read(file);
    if (s.isEmpty()) {
      return OptionalLong.empty();
    }
    String t = s.get().trim();
    if (t.equals("max")) {
      return OptionalLong.of(Long.MAX_VALUE);
    }
    try {
      return OptionalLong.of(Long.parseLong(t));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The value of {@code key} in a flat-keyed file ({@code key value} per line); 0 when absent. */
  private static long field(String text, String key) {
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      if (space == key.length() && line.startsWith(key)) {
        try {
          return Long.parseLong(line.substring(space + 1).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }
}
