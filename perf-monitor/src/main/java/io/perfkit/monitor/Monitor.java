package io.perfkit.monitor;

import io.perfkit.api.Arguments;
import io.perfkit.api.TimeSource;
import io.perfkit.monitor.internal.SparseCounts;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;

/**
 * The metrics registry and its clock: counters, gauges, timers and distributions by name and
 * labels; every tick a {@link MonitorSnapshot} of all of them, a bounded history per metric, and
 * updates to subscribers. The parts: the meters ({@link Meter}, each sampling itself), their
 * registry with its naming rules, and the fan-out of each snapshot to history, subscriptions
 * and tick listeners; this class holds the clock and the builder.
 *
 * <pre>{@code
 * try (Monitor monitor = Monitor.builder().build().start()) {
 *   Timer latency = monitor.timer("http.server.latency", "path", "/checkout");
 *   latency.record(42, TimeUnit.MILLISECONDS);
 *   …
 *   DistributionStats lastSecond = latency.lastTick();
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * Recording is done by application threads, without locks (see {@link Timer}). The tick runs on
 * one thread, the monitor's own scheduler or one handed in; {@link #tick()} may also be called
 * directly (tests drive time that way). Registration, snapshots, history and subscriptions are
 * thread-safe.
 *
 * <p><b>One class.</b> What is left beside {@code MeterTable} and {@code FanOut} shares one lock:
 * {@link #tick()}, {@link #remove}, {@link #start()} and {@link #close()} hold the monitor's lock
 * over {@code last}, {@code lastTickNanos}, {@code ticks}, {@code scheduled} and {@code closed}, so
 * a removed metric stays out of every later snapshot and a closed monitor cannot start. Meters are
 * made from the same {@code ticksPerSlot} and {@code time} the tick uses.
 */
public final class Monitor implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Monitor.class.getName());

  private final Duration tick;
  private final int windowSlots;
  private final List<BucketPattern> bucketPatterns;
  private final int ticksPerSlot;
  private final TimeSource time;
  private final ScheduledExecutorService scheduler;
  private final boolean ownScheduler;
  private final MeterTable registry;
  private final FanOut fanOut;
  private final SparseCounts scratch = new SparseCounts();
  private volatile MonitorSnapshot last;
  private long lastTickNanos = Long.MIN_VALUE;
  private long ticks;
  private ScheduledFuture<?> scheduled;
  private volatile boolean closed;

  private Monitor(Builder b) {
    this.tick = b.tick;
    this.windowSlots = b.windowSlots;
    this.bucketPatterns = List.copyOf(b.bucketPatterns);
    this.ticksPerSlot = (int) Math.max(1, b.window.toNanos() / b.windowSlots / b.tick.toNanos());
    this.registry = new MeterTable(b.historySize);
    this.fanOut = new FanOut(b.subscriberCapacity);
    this.time = b.time;
    this.ownScheduler = b.scheduler == null;
    this.scheduler = b.scheduler != null ? b.scheduler : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "perfkit-monitor-tick");
      t.setDaemon(true);
      return t;
    });
    this.last = MonitorSnapshot.empty(time.now());
  }

  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ registration

  /** The counter with this name and labels, created on first use. */
  public Counter counter(String name, String... labels) {
    return counter(MetricId.of(name, labels), "");
  }

  /**
   * The counter with this id, created on first use.
   *
   * @throws IllegalArgumentException when the id names a metric of another kind, or its
   *     exposition name collides with another metric's
   */
  public Counter counter(MetricId id, String help) {
    return counter(id, help, "");
  }

  /**
   * The counter with this id and base unit (see {@link Meter#unit()}), created on first use.
   *
   * @throws IllegalArgumentException when the id names a metric of another kind, its exposition
   *     name collides with another metric's, or the unit is invalid
   */
  public Counter counter(MetricId id, String help, String unit) {
    return registry.register(id, MetricKind.COUNTER, unit, () -> new Counter(id, help, unit), Counter.class);
  }

  /**
   * A counter whose total is read from {@code total} on each tick, for totals kept elsewhere (a
   * connection pool's count of connections made, Micrometer's function counters).
   *
   * @throws IllegalArgumentException as {@link #counter(MetricId, String, String)}, or when the id
   *     is already a counter the application increments
   */
  public SuppliedCounter suppliedCounter(MetricId id, String help, String unit, DoubleSupplier total) {
    Objects.requireNonNull(total, "total");
    return registry.register(id, MetricKind.COUNTER, unit, () -> new SuppliedCounter(id, help, unit, total),
        SuppliedCounter.class);
  }

  /** A gauge that reads {@code supplier} on each tick. */
  public SuppliedGauge gauge(String name, DoubleSupplier supplier, String... labels) {
    Objects.requireNonNull(supplier, "supplier");
    return gauge(MetricId.of(name, labels), "", supplier);
  }

  /** A gauge with this id that reads {@code supplier} on each tick. */
  public SuppliedGauge gauge(MetricId id, String help, DoubleSupplier supplier) {
    return gauge(id, help, "", supplier);
  }

  /** A gauge with this id and base unit (see {@link Meter#unit()}) that reads {@code supplier} on each tick. */
  public SuppliedGauge gauge(MetricId id, String help, String unit, DoubleSupplier supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return registry.register(id, MetricKind.GAUGE, unit, () -> new SuppliedGauge(id, help, unit, supplier),
        SuppliedGauge.class);
  }

  /** A gauge set by the application with {@link SettableGauge#set}. */
  public SettableGauge settableGauge(String name, String... labels) {
    return settableGauge(MetricId.of(name, labels), "");
  }

  /** A gauge with this id, set by the application. */
  public SettableGauge settableGauge(MetricId id, String help) {
    return registry.register(id, MetricKind.GAUGE, "", () -> new SettableGauge(id, help), SettableGauge.class);
  }

  /** The timer with this name and labels, with default settings. */
  public Timer timer(String name, String... labels) {
    return timer(MetricId.of(name, labels), "", HistogramSettings.TIMER_DEFAULT);
  }

  /**
   * The timer with this id and settings, created on first use. Settings without buckets take
   * those of the first {@link Builder#buckets} pattern that matches the name.
   */
  public Timer timer(MetricId id, String help, HistogramSettings settings) {
    HistogramSettings s = withPatternBuckets(id.name(), MetricKind.TIMER, Objects.requireNonNull(settings, "settings"));
    return registry.register(id, MetricKind.TIMER, "",
        () -> new Timer(id, help, new HistogramCore(s, windowSlots, ticksPerSlot, time, MetricKind.TIMER), time), Timer.class);
  }

  /** {@code settings}, given the buckets of the first pattern matching {@code name} when they have none. */
  private HistogramSettings withPatternBuckets(String name, MetricKind kind, HistogramSettings settings) {
    if (!settings.buckets().isEmpty()) {
      return settings;
    }
    for (BucketPattern p : bucketPatterns) {
      if (p.pattern().matcher(name).matches()) {
        List<Long> bounds = new ArrayList<>();
        for (double b : p.bounds()) {
          long bound = kind == MetricKind.TIMER ? Math.round(b * 1e9) : Math.round(b);
          if (bounds.isEmpty() || bound > bounds.get(bounds.size() - 1)) {
            bounds.add(bound);
          }
        }
        return settings.withBuckets(bounds);
      }
    }
    return settings;
  }

  /** Classic buckets for the meters whose names match a glob. */
  private record BucketPattern(java.util.regex.Pattern pattern, double[] bounds) {}

  /**
   * A timer whose count and total are read from functions on each tick, for timings kept
   * elsewhere (a cache's gets and the time they took, Micrometer's function and long task timers).
   * It has no distribution, so no percentiles, buckets or maximum: it is exposed as a summary with
   * {@code _count} and {@code _sum} only.
   *
   * @throws IllegalArgumentException when the id names a metric of another kind or another type
   *     of timer, or its exposition name collides with another metric's
   */
  public SuppliedTimer suppliedTimer(MetricId id, String help, java.util.function.LongSupplier count,
      DoubleSupplier totalSeconds) {
    Objects.requireNonNull(count, "count");
    Objects.requireNonNull(totalSeconds, "totalSeconds");
    return registry.register(id, MetricKind.TIMER, "", () -> new SuppliedTimer(id, help, count, totalSeconds),
        SuppliedTimer.class);
  }

  /** The distribution with this name and labels, with default settings. */
  public DistributionSummary distribution(String name, String... labels) {
    return distribution(MetricId.of(name, labels), "", HistogramSettings.DISTRIBUTION_DEFAULT);
  }

  /** The distribution with this id and settings, created on first use. */
  public DistributionSummary distribution(MetricId id, String help, HistogramSettings settings) {
    return distribution(id, help, "", settings);
  }

  /** The distribution with this id, base unit (see {@link Meter#unit()}) and settings, created on first use. */
  public DistributionSummary distribution(MetricId id, String help, String unit, HistogramSettings settings) {
    HistogramSettings s = withPatternBuckets(id.name(), MetricKind.DISTRIBUTION, Objects.requireNonNull(settings, "settings"));
    return registry.register(id, MetricKind.DISTRIBUTION, unit,
        () -> new DistributionSummary(id, help, unit, new HistogramCore(s, windowSlots, ticksPerSlot, time, MetricKind.DISTRIBUTION)),
        DistributionSummary.class);
  }

  /**
   * Removes the metric with this id: it is no longer sampled, its history is dropped, and it
   * leaves the last snapshot (so {@code /metrics} and {@code /prometheus} stop showing it now, not
   * at the next tick) and every later one. A meter the application still holds keeps accepting
   * values, which nothing reads any more; asking the monitor for the id again makes a new meter.
   *
   * @return true when there was such a metric
   */
  public synchronized boolean remove(MetricId id) {
    Objects.requireNonNull(id, "id");
    if (registry.remove(id.key()) == null) {
      return false;
    }
    MonitorSnapshot before = last;
    if (before.samples().containsKey(id.key())) {
      TreeMap<String, MetricSample> samples = new TreeMap<>(before.samples());
      samples.remove(id.key());
      last = new MonitorSnapshot(before.time(), before.tickSeconds(), samples);
    }
    return true;
  }

  // ------------------------------------------------------------------ tick

  /**
   * Starts ticking every {@code tick} on the scheduler.
   *
   * @return this monitor
   * @throws IllegalStateException when already started or closed
   */
  public synchronized Monitor start() {
    if (closed) {
      throw new IllegalStateException("monitor is closed");
    }
    if (scheduled != null) {
      throw new IllegalStateException("monitor is already started");
    }
    long nanos = tick.toNanos();
    scheduled = scheduler.scheduleAtFixedRate(this::tickQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
    return this;
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "monitor tick failed: " + e, e);
    }
  }

  /**
   * Closes the current tick now: drains every timer, computes the snapshot, appends history,
   * offers updates to subscribers and calls the tick listeners (the alert manager). Called by the
   * scheduler; tests call it directly with a fake {@link TimeSource}.
   *
   * @return the new snapshot
   */
  public synchronized MonitorSnapshot tick() {
    long nowNanos = time.nanoTime();
    java.time.Instant now = time.now();
    double seconds = lastTickNanos == Long.MIN_VALUE ? tick.toNanos() / 1e9 : (nowNanos - lastTickNanos) / 1e9;
    lastTickNanos = nowNanos;
    ticks++;
    Meter.Tick context = new Meter.Tick(seconds, seconds * ticksPerSlot, scratch);
    TreeMap<String, MetricSample> samples = new TreeMap<>();
    for (MeterTable.Entry e : registry.entries()) {
      samples.put(e.meter().id().key(), e.meter().sample(context));
    }
    MonitorSnapshot snapshot = new MonitorSnapshot(now, seconds, samples);
    last = snapshot;
    fanOut.publish(snapshot, registry);
    return snapshot;
  }

  /** The snapshot of the last tick (empty before the first). */
  public MonitorSnapshot snapshot() {
    return last;
  }

  /** Ticks so far. */
  public synchronized long ticks() {
    return ticks;
  }

  /** The clock the monitor ticks and its timers time by ({@link Builder#timeSource}). */
  public TimeSource timeSource() {
    return time;
  }

  /** The tick length. */
  public Duration tickInterval() {
    return tick;
  }

  /** Runs {@code listener} on the tick thread after each tick; it must be quick. */
  public void addTickListener(Consumer<MonitorSnapshot> listener) {
    fanOut.addTickListener(listener);
  }

  /** Stops calling {@code listener}. */
  public void removeTickListener(Consumer<MonitorSnapshot> listener) {
    fanOut.removeTickListener(listener);
  }

  // ------------------------------------------------------------------ history and subscriptions

  /**
   * The history of the metric with this key ({@link MetricId#key()}), oldest first: one point per
   * tick, at most the configured history size.
   */
  public Optional<List<HistoryPoint>> history(String key) {
    MeterTable.Entry e = registry.get(key);
    return e == null ? Optional.empty() : Optional.of(e.history().points());
  }

  /** Keys of every registered metric, sorted. */
  public List<String> metricKeys() {
    return registry.keys();
  }

  /** The kind of the metric with this key. */
  public Optional<MetricKind> kind(String key) {
    MeterTable.Entry e = registry.get(key);
    return e == null ? Optional.empty() : Optional.of(e.meter().kind());
  }

  /** Receives every metric's update on each tick. */
  public Subscription subscribeAll(Consumer<MetricUpdate> consumer) {
    return subscribe("all", k -> true, consumer);
  }

  /** Receives updates of the metric with exactly this key. */
  public Subscription subscribe(String key, Consumer<MetricUpdate> consumer) {
    Objects.requireNonNull(key, "key");
    return subscribe("name=" + key, key::equals, consumer);
  }

  /** Receives updates of every metric whose key starts with {@code prefix}. */
  public Subscription subscribePrefix(String prefix, Consumer<MetricUpdate> consumer) {
    Objects.requireNonNull(prefix, "prefix");
    return subscribe("prefix=" + prefix, k -> k.startsWith(prefix), consumer);
  }

  private Subscription subscribe(String description, Predicate<String> filter, Consumer<MetricUpdate> consumer) {
    if (closed) {
      throw new IllegalStateException("monitor is closed");
    }
    return fanOut.subscribe(description, filter, consumer);
  }

  /** Open subscriptions. */
  public int subscriptions() {
    return fanOut.subscriptions();
  }

  /** Bytes held by timers, distributions and history rings. */
  public long footprintBytes() {
    return registry.footprintBytes();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    if (ownScheduler) {
      scheduler.shutdownNow();
    }
    fanOut.close();
  }

  /** Configures a {@link Monitor}; each setter validates its value. Not thread-safe. */
  public static final class Builder {
    private Duration tick = Duration.ofSeconds(1);
    private Duration window = Duration.ofMinutes(1);
    private int windowSlots = 6;
    private int historySize = 300;
    private int subscriberCapacity = 1024;
    private TimeSource time = TimeSource.system();
    private ScheduledExecutorService scheduler;
    private final List<BucketPattern> bucketPatterns = new ArrayList<>();

    private Builder() {}

    /**
     * Classic buckets for every timer and distribution whose name matches {@code glob}
     * ({@code *} matches any run of characters, everything else itself: {@code http.server.*}),
     * unless the meter's own settings have buckets. Bounds are in base units (seconds for a
     * timer), ascending; {@link HistogramSettings#LATENCY_BUCKETS} is a documented set for
     * latencies. The first matching pattern wins. A meter with buckets is a histogram in the text
     * formats (its {@code _bucket} series add across instances when every instance has the same
     * bounds) instead of a summary; in the protobuf format every timer and distribution is a
     * native histogram either way.
     *
     * @throws IllegalArgumentException when the glob is blank or the bounds are empty, negative or
     *     not ascending
     */
    public Builder buckets(String glob, List<Double> bounds) {
      if (glob == null || glob.isBlank()) {
        throw new IllegalArgumentException("bucket pattern must not be blank");
      }
      double[] b = bounds.stream().mapToDouble(Double::doubleValue).toArray();
      if (b.length == 0) {
        throw new IllegalArgumentException("buckets for '" + glob + "' must not be empty");
      }
      for (int i = 0; i < b.length; i++) {
        if (!(b[i] >= 0) || i > 0 && b[i] <= b[i - 1]) {
          throw new IllegalArgumentException("bucket bound " + b[i] + " at " + i + " of " + bounds + " for '" + glob
              + "' must be non-negative and above the one before it");
        }
      }
      StringBuilder regex = new StringBuilder();
      String[] parts = glob.split("\\*", -1);
      for (int i = 0; i < parts.length; i++) {
        regex.append(i > 0 ? ".*" : "").append(java.util.regex.Pattern.quote(parts[i]));
      }
      bucketPatterns.add(new BucketPattern(java.util.regex.Pattern.compile(regex.toString()), b));
      return this;
    }

    /** How often the monitor snapshots (1 s by default). */
    public Builder tick(Duration tick) {
      Arguments.atLeastOneMilli("tick", tick);
      this.tick = tick;
      return this;
    }

    /**
     * The sliding window of timers and distributions (1 min by default) and how many slots it
     * advances by (6, so every 10 s).
     */
    public Builder window(Duration window, int slots) {
      Objects.requireNonNull(window, "window");
      Arguments.between("window slots", slots, 1, 1000);
      Arguments.positive("window", window);
      this.window = window;
      this.windowSlots = slots;
      return this;
    }

    /** Points of history kept per metric (300 by default: 5 minutes at 1 s ticks). */
    public Builder historySize(int points) {
      this.historySize = Arguments.between("history size", points, 1, 1_000_000);
      return this;
    }

    /** Updates each subscriber may have queued before further ones are dropped (1024). */
    public Builder subscriberQueueCapacity(int capacity) {
      Arguments.positive("subscriber queue capacity", capacity);
      this.subscriberCapacity = capacity;
      return this;
    }

    /** The clocks; the system's by default. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Runs ticks on this scheduler instead of a thread of the monitor's own. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * @throws IllegalArgumentException when the window is shorter than one tick per slot
     */
    public Monitor build() {
      if (window.toNanos() / windowSlots < tick.toNanos()) {
        throw new IllegalArgumentException("window " + window + " in " + windowSlots
            + " slots gives slots shorter than the tick " + tick);
      }
      return new Monitor(this);
    }
  }
}
