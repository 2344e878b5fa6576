package io.perfkit.monitor;

import io.perfkit.api.CpuThrottling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
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
 * limits are read when the metrics are built. One tick reads {@code cpu.stat} once (one reading
 * serves every CPU metric of the tick) and each memory file once.
 *
 * <p>As a {@link CpuThrottling}, it says how long the quota held the process back over any span
 * of the last ten minutes: with a CPU quota, a daemon thread reads {@code cpu.stat} every 100 ms
 * into a ring (6,000 readings, 96 KB), and a span's throttled time is interpolated between the
 * readings around its ends, the last one read fresh when the span ends after it. The request
 * profiler labels each slow request's profile with it. {@link #close()} stops that thread.
 */
public final class ContainerMetrics implements CpuThrottling, AutoCloseable {

  /** How often the throttled time is read for {@link #throttledBetween}. */
  static final Duration HISTORY_RESOLUTION = Duration.ofMillis(100);
  /** Readings kept: ten minutes at the resolution. */
  static final int HISTORY_SIZE = 6000;

  private final Cgroup cgroup;
  private final List<String> registered;
  private final ThrottleHistory history;  // null without a CPU quota
  private final ScheduledExecutorService sampler;  // null without a CPU quota

  private ContainerMetrics(Cgroup cgroup, List<String> registered, ThrottleHistory history) {
    this.cgroup = cgroup;
    this.registered = List.copyOf(registered);
    this.history = history;
    if (history == null) {
      this.sampler = null;
    } else {
      this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "perfkit-container-throttling");
        t.setDaemon(true);
        return t;
      });
      long ms = HISTORY_RESOLUTION.toMillis();
      sampler.scheduleAtFixedRate(history::sample, 0, ms, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public Optional<Duration> throttledBetween(Instant start, Instant end) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    return history == null ? Optional.empty() : history.between(start, end);
  }

  /** Stops the throttling history's thread; the metrics stay registered. */
  @Override
  public void close() {
    if (sampler != null) {
      sampler.shutdownNow();
    }
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
      return new ContainerMetrics(null, names, null);
    }
    ThrottleHistory history = null;
    OptionalDouble cpuLimit = cgroup.cpuLimit();
    if (cpuLimit.isPresent() && cgroup.cpuStat().isPresent()) {
      CpuReadings cpu = new CpuReadings(cgroup, monitor::ticks);
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
      history = new ThrottleHistory(cgroup, HISTORY_SIZE);
    }
    OptionalLong memoryLimit = cgroup.memoryLimit();
    if (memoryLimit.isPresent()) {
      double limit = memoryLimit.getAsLong();
      PerTick usage = new PerTick(monitor::ticks, () -> value(cgroup.memoryUsage()));
      gauge(monitor, names, "container.memory.limit.bytes", "The container's memory limit", () -> limit);
      gauge(monitor, names, "container.memory.usage.bytes", "Memory the container uses, page cache included",
          usage::get);
      gauge(monitor, names, "container.memory.usage.fraction", "Memory the container uses over its limit",
          () -> usage.get() / limit);
      if (cgroup.memoryLimitHits().isPresent()) {
        counter(monitor, names, "container.memory.limit.hits", "Times the container's memory usage reached its limit",
            () -> value(cgroup.memoryLimitHits()));
      }
    }
    return new ContainerMetrics(cgroup, names, history);
  }

  private static double value(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : Double.NaN;
  }

  private static void gauge(Monitor monitor, List<String> names, String name, String help,
      DoubleSupplier supplier) {
    monitor.gauge(MetricId.of(name), help, supplier);
    names.add(name);
  }

  private static void counter(Monitor monitor, List<String> names, String name, String help,
      DoubleSupplier total) {
    monitor.suppliedCounter(MetricId.of(name), help, "", total);
    names.add(name);
  }

  /** One reading of a file per tick, shared by the metrics that show it (the monitor counts its ticks before it samples). */
  private static final class PerTick {
    private final LongSupplier tick;
    private final DoubleSupplier read;
    private long lastTick = -1;
    private double last = Double.NaN;

    PerTick(LongSupplier tick, DoubleSupplier read) {
      this.tick = tick;
      this.read = read;
    }

    synchronized double get() {
      long now = tick.getAsLong();
      if (now != lastTick) {
        last = read.getAsDouble();
        lastTick = now;
      }
      return last;
    }
  }

  /**
   * One {@code cpu.stat} reading shared by the CPU metrics of a tick (the monitor counts its
   * ticks before it samples), and the previous tick's for the throttled share.
   */
  private static final class CpuReadings {
    private final Cgroup cgroup;
    private final LongSupplier tick;
    private Cgroup.CpuStat last;
    private long lastTick = -1;
    private Cgroup.CpuStat previousForShare;

    CpuReadings(Cgroup cgroup, LongSupplier tick) {
      this.cgroup = cgroup;
      this.tick = tick;
      this.last = cgroup.cpuStat().orElse(new Cgroup.CpuStat(0, 0, 0, -1));
    }

    synchronized Cgroup.CpuStat read() {
      long now = tick.getAsLong();
      if (now != lastTick) {
        Optional<Cgroup.CpuStat> s = cgroup.cpuStat();
        if (s.isPresent()) {
          last = s.get();
        }
        lastTick = now;
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

  /**
   * A ring of (wall-clock nanoseconds, cumulative throttled nanoseconds) readings, oldest
   * overwritten. Written by the sampler and by a query that needs a reading past its span.
   */
  static final class ThrottleHistory {
    private final Cgroup cgroup;
    private final long[] times;
    private final long[] throttled;
    private int next;
    private int size;

    ThrottleHistory(Cgroup cgroup, int capacity) {
      this.cgroup = cgroup;
      this.times = new long[capacity];
      this.throttled = new long[capacity];
    }

    void sample() {
      Optional<Cgroup.CpuStat> s = cgroup.cpuStat();
      if (s.isPresent()) {
        add(epochNanos(Instant.now()), s.get().throttledNanos());
      }
    }

    synchronized void add(long time, long throttledNanos) {
      if (size > 0 && time <= times[(next - 1 + times.length) % times.length]) {
        return;  // the wall clock stepped back: keep the readings in order
      }
      times[next] = time;
      throttled[next] = throttledNanos;
      next = (next + 1) % times.length;
      size = Math.min(size + 1, times.length);
    }

    Optional<Duration> between(Instant start, Instant end) {
      long a = epochNanos(start);
      long b = epochNanos(end);
      if (b < a) {
        throw new IllegalArgumentException("span ends at " + end + " before it starts at " + start);
      }
      synchronized (this) {
        if (size > 0 && times[(next - 1 + times.length) % times.length] >= b) {
          return interpolate(a, b);
        }
      }
      sample();  // the span ends after the last reading: read now, after its end
      synchronized (this) {
        return interpolate(a, b);
      }
    }

    /** Holds the lock. */
    private Optional<Duration> interpolate(long a, long b) {
      if (size < 2 || a < times[oldest()] || b > times[(next - 1 + times.length) % times.length]) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos(Math.max(0, Math.round(at(b) - at(a)))));
    }

    private int oldest() {
      return size < times.length ? 0 : next;
    }

    /** The cumulative throttled time at {@code t}, linear between the readings around it. */
    private double at(long t) {
      int lo = 0;
      int hi = size - 1;  // logical indexes, oldest first
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (times[physical(mid)] <= t) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      int i = physical(lo);
      if (lo == size - 1 || times[i] == t) {
        return throttled[i];
      }
      int j = physical(lo + 1);
      double f = (t - times[i]) / (double) (times[j] - times[i]);
      return throttled[i] + f * (throttled[j] - throttled[i]);
    }

    private int physical(int logical) {
      return (oldest() + logical) % times.length;
    }

    private static long epochNanos(Instant t) {
      return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
  }
}
