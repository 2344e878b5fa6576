package io.perfkit.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The container's limits and what the JVM gets of them, read from its cgroup (v1 or v2, found as
 * the JDK finds it): a CPU quota that runs out stalls every thread until the next period, so tail
 * latency jumps while the CPU load looks moderate; these metrics say so.
 *
 * <p>With a CPU quota:
 * <ul>
 *   <li>{@code container.cpu.limit}: the CPUs the quota allows (quota over period; 0.2 for
 *       {@code --cpus=0.2}), beside {@code jvm.available.processors}, what the JVM sized its
 *       pools by;</li>
 *   <li>{@code container.cpu.usage.seconds}: CPU time the container used (a counter);</li>
 *   <li>{@code container.cpu.periods}, {@code container.cpu.throttled.periods} and
 *       {@code container.cpu.throttled.seconds}: enforcement periods in which the container ran,
 *       those in which its quota ran out, and the time its threads waited for the next period
 *       (counters, as the kernel's {@code cpu.stat} keeps them);</li>
 *   <li>{@code container.cpu.throttled.fraction}: the share of periods throttled since the
 *       previous tick, which the shipped {@code ContainerCpuThrottled} health rule watches.</li>
 * </ul>
 * With a memory limit: {@code container.memory.limit.bytes}, {@code container.memory.usage.bytes}
 * (page cache included, as the kernel counts it against the limit),
 * {@code container.memory.usage.fraction}, and {@code container.memory.limit.hits}, the times
 * usage reached the limit (a counter; each one made the kernel reclaim or fail an allocation).
 *
 * <p>Outside a cgroup with a CPU quota the CPU metrics are absent, not zero, and without a memory
 * limit the memory ones: a host process, or a container without limits, registers nothing. The
 * limits are read when the metrics are built. One tick reads {@code cpu.stat} once (a reading
 * serves every CPU metric for half a tick) and the memory files once each.
 */
public final class ContainerMetrics {

  private final Cgroup cgroup;
  private final List<String> registered;

  private ContainerMetrics(Cgroup cgroup, List<String> registered) {
    this.cgroup = cgroup;
    this.registered = List.copyOf(registered);
  }

  /**
   * The one way to register the container metrics on {@code monitor}:
   * {@code ContainerMetrics.builder(monitor).build()}.
   *
   * @throws NullPointerException when {@code monitor} is null
   */
  public static Builder builder(Monitor monitor) {
    return new Builder(monitor);
  }

  /** The cgroup read, as {@code cgroup v1 (cpu …, memory …)}; empty off Linux or without a controller. */
  public Optional<String> cgroup() {
    return Optional.ofNullable(cgroup).map(Cgroup::toString);
  }

  /** The metrics registered, by name; empty outside a container with limits. */
  public List<String> metrics() {
    return registered;
  }

  /** Where the metrics are read from. */
  public static final class Builder {
    private final Monitor monitor;

    private Builder(Monitor monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** Reads this process's cgroup and registers the metrics its limits call for. */
    public ContainerMetrics build() {
      return register(monitor, Cgroup.ofThisProcess().orElse(null));
    }
  }

  static ContainerMetrics register(Monitor monitor, Cgroup cgroup) {
    List<String> names = new ArrayList<>();
    if (cgroup == null) {
      return new ContainerMetrics(null, names);
    }
    OptionalDouble cpuLimit = cgroup.cpuLimit();
    if (cpuLimit.isPresent() && cgroup.cpuStat().isPresent()) {
      CpuReadings cpu = new CpuReadings(cgroup, monitor.tickInterval().toNanos() / 2);
      double limit = cpuLimit.getAsDouble();
      gauge(monitor, names, "container.cpu.limit", "CPUs the container's quota allows (quota over period)", () -> limit);
      if (cpu.read().usageNanos() >= 0) {
        counter(monitor, names, "container.cpu.usage.seconds", "CPU time the container used",
            () -> cpu.read().usageNanos() / 1e9);
      }
      counter(monitor, names, "container.cpu.periods", "CPU quota periods in which the container ran",
          () -> cpu.read().periods());
      counter(monitor, names, "container.cpu.throttled.periods", "CPU quota periods in which the quota ran out",
          () -> cpu.read().throttledPeriods());
      counter(monitor, names, "container.cpu.throttled.seconds",
          "Time the container's threads waited for the next period after the quota ran out",
          () -> cpu.read().throttledNanos() / 1e9);
      gauge(monitor, names, "container.cpu.throttled.fraction",
          "Share of quota periods throttled since the previous tick (NaN when none ran)", cpu::throttledFraction);
    }
    OptionalLong memoryLimit = cgroup.memoryLimit();
    if (memoryLimit.isPresent()) {
      double limit = memoryLimit.getAsLong();
      gauge(monitor, names, "container.memory.limit.bytes", "The container's memory limit", () -> limit);
      gauge(monitor, names, "container.memory.usage.bytes", "Memory the container uses, page cache included",
          () -> value(cgroup.memoryUsage()));
      gauge(monitor, names, "container.memory.usage.fraction", "Memory the container uses over its limit",
          () -> value(cgroup.memoryUsage()) / limit);
      if (cgroup.memoryLimitHits().isPresent()) {
        counter(monitor, names, "container.memory.limit.hits", "Times the container's memory usage reached its limit",
            () -> value(cgroup.memoryLimitHits()));
      }
    }
    return new ContainerMetrics(cgroup, names);
  }

  private static double value(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : Double.NaN;
  }

  private static void gauge(Monitor monitor, List<String> names, String name, String help,
      java.util.function.DoubleSupplier supplier) {
    monitor.gauge(MetricId.of(name), help, supplier);
    names.add(name);
  }

  private static void counter(Monitor monitor, List<String> names, String name, String help,
      java.util.function.DoubleSupplier total) {
    monitor.suppliedCounter(MetricId.of(name), help, "", total);
    names.add(name);
  }

  /**
   * One {@code cpu.stat} reading shared by the CPU metrics of a tick, and the previous tick's for
   * the throttled share. Read on the tick thread only.
   */
  private static final class CpuReadings {
    private final Cgroup cgroup;
    private final long maxAgeNanos;
    private final LongSupplier clock = System::nanoTime;
    private Cgroup.CpuStat last = new Cgroup.CpuStat(0, 0, 0, -1);
    private long lastRead = Long.MIN_VALUE / 2;
    private Cgroup.CpuStat previousForShare;

    CpuReadings(Cgroup cgroup, long maxAgeNanos) {
      this.cgroup = cgroup;
      this.maxAgeNanos = Math.max(1, maxAgeNanos);
    }

    synchronized Cgroup.CpuStat read() {
      long now = clock.getAsLong();
      if (now - lastRead >= maxAgeNanos) {
        Optional<Cgroup.CpuStat> s = cgroup.cpuStat();
        if (s.isPresent()) {
          last = s.get();
        }
        lastRead = now;
      }
      return last;
    }

    synchronized double throttledFraction() {
      Cgroup.CpuStat now = read();
      Cgroup.CpuStat before = previousForShare;
      previousForShare = now;
      if (before == null) {
        return Double.NaN;
      }
      long periods = now.periods() - before.periods();
      return periods <= 0 ? Double.NaN : (now.throttledPeriods() - before.throttledPeriods()) / (double) periods;
    }
  }
}
