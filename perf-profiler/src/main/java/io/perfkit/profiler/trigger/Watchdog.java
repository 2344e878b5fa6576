package io.perfkit.profiler.trigger;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.perfkit.api.Arguments;
import io.perfkit.api.Labels;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.internal.Threads;
import java.lang.System.Logger.Level;
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

/**
 * Conditional profiling on a schedule: conditions only the application can see (a queue that
 * backs up, a pool running dry, an error rate), each checked every interval by a
 * {@link ConditionalProfiler} and mapped to a profile type, each with a {@link ProfileTrigger}
 * of its own that lets one capture through per cooldown, so that a lasting condition yields one
 * profile per cooldown. Captures are labelled {@code trigger=NAME} with the check's name.
 *
 * <pre>{@code
 * Watchdog watchdog = Watchdog.builder(profiler, collector)
 *     .check("backlog", () -> queue.size() > 10_000, ProfileType.CPU).build().start();
 * }</pre>
 *
 * The JVM's own conditions (heap after GC, GC overhead, deadlocks, live threads, metaspace) are
 * the monitor's JVM health rules over its JVM metrics, captured through {@link AlertCaptures};
 * a process CPU load is an alert rule on {@code process.cpu.load} with a {@code profile=cpu}
 * label. Captures go to {@code sink}; the checking thread never waits for them.
 * {@link #runChecks()} runs one round now (tests call it with an injected clock; no sleeps).
 */
public final class Watchdog implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());

  private final ConditionalProfiler conditional;
  private final List<Check> checks;
  private final Duration interval;
  private final Duration captureDuration;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong fired = new AtomicLong();

  /** One condition, its profile type, and the trigger that holds its cooldown. */
  private record Check(String name, BooleanSupplier condition, ProfileType type, ProfileTrigger trigger) {}

  /** A condition as declared, before the builder's settings are final. */
  private record Declared(String name, BooleanSupplier condition, ProfileType type) {}

  private Watchdog(Builder b) {
    this.conditional = new ConditionalProfiler(b.profiler, b.sink);
    List<Check> all = new ArrayList<>();
    for (Declared d : b.checks) {
      // one capture per cooldown: every occasion considered, one permit refilled per cooldown
      ProfileTrigger cooldown = ProfileTrigger.builder(d.name()).sampleRate(1).rateLimit(1, b.cooldown)
          .timeSource(b.time).build();
      all.add(new Check(d.name(), d.condition(), d.type(), cooldown));
    }
    this.checks = List.copyOf(all);
    this.interval = b.interval;
    this.captureDuration = b.captureDuration;
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
   * Runs every check once. A check whose condition throws is logged and skipped; the others run.
   *
   * @return the names of the checks that fired
   */
  public synchronized List<String> runChecks() {
    List<String> out = new ArrayList<>();
    for (Check c : checks) {
      boolean started;
      try {
        started = conditional.profileIf(c.type(), captureDuration, c.condition(), c.trigger(), Labels.empty());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "watchdog check " + c.name() + " failed: " + e, e);
        continue;
      }
      if (started) {
        fired.incrementAndGet();
        out.add(c.name());
      }
    }
    return out;
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

  /** Configures a {@link Watchdog}; the settings apply to every check, in whatever order they are called. */
  public static final class Builder {
    private final Profiler profiler;
    private final Consumer<CaptureResult> sink;
    private final List<Declared> checks = new ArrayList<>();
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
      this.interval = Arguments.atLeastOneMilli("watchdog interval", interval);
      return this;
    }

    /** The least time between two captures of one check (5 minutes). */
    public Builder cooldown(Duration cooldown) {
      this.cooldown = Arguments.positive("watchdog cooldown", cooldown);
      return this;
    }

    /** How long timed captures last (10 s; a thread dump ignores it). */
    public Builder captureDuration(Duration d) {
      this.captureDuration = Arguments.positive("watchdog capture duration", d);
      return this;
    }

    /** The clock cooldowns run on. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** A profile of {@code type}, labelled {@code trigger=NAME}, when {@code condition} holds. */
    public Builder check(String name, BooleanSupplier condition, ProfileType type) {
      checks.add(new Declared(Objects.requireNonNull(name, "name"), Objects.requireNonNull(condition, "condition"),
          Objects.requireNonNull(type, "type")));
      return this;
    }

    /**
     * @throws IllegalArgumentException when the capture duration is longer than the profiler
     *     takes ({@link Profiler#maxDuration()}), which would fail every capture
     */
    public Watchdog build() {
      TriggeredCapture.checkWithin("watchdog capture duration", captureDuration, profiler);
      return new Watchdog(this);
    }
  }
}
