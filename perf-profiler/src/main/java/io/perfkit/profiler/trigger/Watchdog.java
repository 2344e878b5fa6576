package io.perfkit.profiler.trigger;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.perfkit.api.Arguments;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.capture.ThreadDumps;
import io.perfkit.profiler.internal.Threads;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Continuous profiling on conditions: periodic checks of the JVM's state, each mapped to a
 * profile type, each with a cooldown so that a lasting condition yields one profile per cooldown.
 *
 * <ul>
 *   <li>{@link Builder#threadCount}: live threads above a limit → a thread dump;</li>
 *   <li>{@link Builder#heapAfterGc}: old-generation use after the last collection above a
 *       fraction of its maximum → a HEAP profile;</li>
 *   <li>{@link Builder#cpuLoad}: process CPU load above a fraction → a CPU profile;</li>
 *   <li>{@link Builder#deadlocks}: deadlocked threads → a thread dump labelled
 *       {@code trigger=deadlock}, whose labels {@code deadlock.threads} and
 *       {@code deadlock.locks} name the threads and the locks;</li>
 *   <li>{@link Builder#check}: any condition the application supplies.</li>
 * </ul>
 * Captures go to {@code sink}; the checking thread never waits for them. {@link #runChecks()}
 * runs one round now (tests call it with an injected clock; no sleeps).
 */
public final class Watchdog implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());

  private final Profiler profiler;
  private final Consumer<CaptureResult> sink;
  private final List<Check> checks;
  private final TimeSource time;
  private final Duration interval;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong fired = new AtomicLong();

  /** One check and its cooldown state. */
  private static final class Check {
    final String name;
    final BooleanSupplier condition;
    final ProfileType type;
    final Duration duration;
    final long cooldownNanos;
    long lastFired = Long.MIN_VALUE;

    Check(String name, BooleanSupplier condition, ProfileType type, Duration duration, Duration cooldown) {
      this.name = name;
      this.condition = condition;
      this.type = type;
      this.duration = duration;
      this.cooldownNanos = cooldown.toNanos();
    }
  }

  private Watchdog(Builder b) {
    this.profiler = b.profiler;
    this.sink = b.sink;
    this.checks = List.copyOf(b.checks);
    this.time = b.time;
    this.interval = b.interval;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat("perfkit-watchdog").setDaemon(true).build());
  }

  public static Builder builder(Profiler profiler, Consumer<CaptureResult> sink) {
    return new Builder(profiler, sink);
  }

  /** Runs the checks every interval. */
  public Watchdog start() {
    long ms = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::runChecksQuietly, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  private void runChecksQuietly() {
    try {
      runChecks();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "watchdog round failed: " + e, e);
    }
  }

  /**
   * Runs every check once.
   *
   * @return the names of the checks that fired
   */
  public synchronized List<String> runChecks() {
    List<String> out = new ArrayList<>();
    long now = time.nanoTime();
    for (Check c : checks) {
      boolean holds;
      try {
        holds = c.condition.getAsBoolean();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "watchdog check " + c.name + " failed: " + e, e);
        continue;
      }
      if (!holds || (c.lastFired != Long.MIN_VALUE && now - c.lastFired < c.cooldownNanos)) {
        continue;
      }
      c.lastFired = now;
      fired.incrementAndGet();
      out.add(c.name);
      Labels labels = Labels.of(ProfileLabels.TRIGGER, c.name);
      if (c.name.equals("deadlock")) {
        labels = labels.withAll(deadlockLabels());
      }
      if (c.type == ProfileType.THREAD_DUMP) {
        try {
          sink.accept(profiler.threadDump(labels));
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "watchdog thread dump failed: " + e, e);
        }
      } else {
        profiler.capture(c.type, c.duration, labels).whenComplete((r, e) -> {
          if (e != null) {
            LOG.log(Level.INFO, "watchdog " + c.name + " profile not taken: " + e.getMessage());
          } else {
            sink.accept(r);
          }
        });
      }
    }
    return out;
  }

  private static Labels deadlockLabels() {
    List<ThreadDumps.Deadlock> d = ThreadDumps.deadlocks();
    String threads = d.stream().map(ThreadDumps.Deadlock::thread).collect(Collectors.joining(","));
    String locks = d.stream().map(ThreadDumps.Deadlock::lock).distinct().collect(Collectors.joining(","));
    return Labels.of("deadlock.threads", clip(threads), "deadlock.locks", clip(locks));
  }

  private static String clip(String s) {
    return s.length() > 1024 ? s.substring(0, 1021) + "..." : s;
  }

  /** Checks that fired so far. */
  public long fired() {
    return fired.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    Threads.awaitQuietly(scheduler, "watchdog");
  }

  /** Waits a little for a pool's threads to finish; they only ever run short checks. */
  /** Configures a {@link Watchdog}. */
  public static final class Builder {
    private final Profiler profiler;
    private final Consumer<CaptureResult> sink;
    private final List<Check> checks = new ArrayList<>();
    private TimeSource time = TimeSource.system();
    private Duration interval = Duration.ofSeconds(5);
    private Duration cooldown = Duration.ofMinutes(5);
    private Duration captureDuration = Duration.ofSeconds(10);

    private Builder(Profiler profiler, Consumer<CaptureResult> sink) {
      this.profiler = Objects.requireNonNull(profiler, "profiler");
      this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** How often checks run (5 s). */
    public Builder interval(Duration interval) {
      Arguments.atLeastOneMilli("watchdog interval", interval);
      this.interval = interval;
      return this;
    }

    /** The cooldown of the checks added after this call (5 minutes). */
    public Builder cooldown(Duration cooldown) {
      Arguments.notNegative("cooldown", cooldown);
      this.cooldown = cooldown;
      return this;
    }

    /** How long timed captures last (10 s). */
    public Builder captureDuration(Duration d) {
      this.captureDuration = Objects.requireNonNull(d, "d");
      return this;
    }

    /** The clock cooldowns run on. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** A thread dump when more than {@code max} threads are live. */
    public Builder threadCount(int max) {
      return check("threads", () -> ManagementFactory.getThreadMXBean().getThreadCount() > max, ProfileType.THREAD_DUMP);
    }

    /**
     * A HEAP profile when a heap pool's use after the last collection exceeds {@code fraction} of
     * its maximum (the old generation, in practice).
     */
    public Builder heapAfterGc(double fraction) {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("heap fraction " + fraction + " must be in (0, 1]");
      }
      return check("heap", () -> {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          MemoryUsage after = pool.getCollectionUsage();
          if (pool.getType() == MemoryType.HEAP && after != null && after.getMax() > 0
              && after.getUsed() > fraction * after.getMax()) {
            return true;
          }
        }
        return false;
      }, ProfileType.HEAP);
    }

    /** A CPU profile when the process's CPU load exceeds {@code fraction} (0 to 1). */
    public Builder cpuLoad(double fraction) {
      java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (!(os instanceof com.sun.management.OperatingSystemMXBean)) {
        throw new IllegalStateException("this JVM does not report process CPU load");
      }
      com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
      return check("cpu", () -> sun.getProcessCpuLoad() > fraction, ProfileType.CPU);
    }

    /** A thread dump labelled {@code deadlock} when threads are deadlocked. */
    public Builder deadlocks() {
      return check("deadlock", () -> !ThreadDumps.deadlocks().isEmpty(), ProfileType.THREAD_DUMP);
    }

    /** A profile of {@code type} when {@code condition} holds. */
    public Builder check(String name, BooleanSupplier condition, ProfileType type) {
      checks.add(new Check(Objects.requireNonNull(name, "name"), Objects.requireNonNull(condition, "condition"),
          Objects.requireNonNull(type, "type"), captureDuration, cooldown));
      return this;
    }

    public Watchdog build() {
      return new Watchdog(this);
    }
  }
}
