package io.perfkit.monitor;

import io.perfkit.monitor.internal.SparseCounts;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;

/**
 * The metrics registry and its clock: counters, gauges, timers and distributions by name and
 * tags; every tick a {@link MonitorSnapshot} of all of them, a bounded history per metric, and
 * updates to subscribers.
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
 */
public final class Monitor implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Monitor.class.getName());
  private static final List<String> COUNTER_FIELDS = List.of("value", "rate");
  private static final List<String> GAUGE_FIELDS = List.of("value");
  private static final List<String> HISTOGRAM_FIELDS =
      List.of("count", "rate", "min", "mean", "p50", "p90", "p99", "p999", "max");

  private final Duration tick;
  private final int windowSlots;
  private final int ticksPerSlot;
  private final int historySize;
  private final int subscriberCapacity;
  private final TimeSource time;
  private final ScheduledExecutorService scheduler;
  private final boolean ownScheduler;

  private final ConcurrentHashMap<String, Registered> metrics = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> familyOwners = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Consumer<MonitorSnapshot>> tickListeners = new CopyOnWriteArrayList<>();
  private final SparseCounts scratch = new SparseCounts();
  private volatile MonitorSnapshot last;
  private long lastTickNanos = Long.MIN_VALUE;
  private long ticks;
  private ScheduledFuture<?> scheduled;
  private volatile boolean closed;

  /** One registered metric and its tick-side state. */
  private static final class Registered {
    final MetricId id;
    final MetricKind kind;
    final Object metric;
    final HistoryRing history;
    long lastCount;
    double lastSum;

    Registered(MetricId id, MetricKind kind, Object metric, HistoryRing history) {
      this.id = id;
      this.kind = kind;
      this.metric = metric;
      this.history = history;
    }
  }

  private Monitor(Builder b) {
    this.tick = b.tick;
    this.windowSlots = b.windowSlots;
    this.ticksPerSlot = (int) Math.max(1, b.window.toNanos() / b.windowSlots / b.tick.toNanos());
    this.historySize = b.historySize;
    this.subscriberCapacity = b.subscriberCapacity;
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

  /** The counter with this name and tags, created on first use. */
  public Counter counter(String name, String... tags) {
    return counter(MetricId.of(name, tags), "");
  }

  /**
   * The counter with this id, created on first use.
   *
   * @throws IllegalArgumentException when the id names a metric of another kind, or its
   *     exposition name collides with another metric's
   */
  public Counter counter(MetricId id, String help) {
    return register(id, MetricKind.COUNTER, () -> new Counter(id, help), Counter.class);
  }

  /** A gauge that reads {@code supplier} on each tick. */
  public Gauge gauge(String name, DoubleSupplier supplier, String... tags) {
    Objects.requireNonNull(supplier, "supplier");
    return gauge(MetricId.of(name, tags), "", supplier);
  }

  /** A gauge set by the application with {@link Gauge#set}. */
  public Gauge settableGauge(String name, String... tags) {
    return gauge(MetricId.of(name, tags), "", null);
  }

  /** A gauge with this id: reading {@code supplier}, or settable when it is null. */
  public Gauge gauge(MetricId id, String help, DoubleSupplier supplier) {
    return register(id, MetricKind.GAUGE, () -> new Gauge(id, help, supplier), Gauge.class);
  }

  /** The timer with this name and tags, with default settings. */
  public Timer timer(String name, String... tags) {
    return timer(MetricId.of(name, tags), "", HistogramSettings.TIMER_DEFAULT);
  }

  /** The timer with this id and settings, created on first use. */
  public Timer timer(MetricId id, String help, HistogramSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return register(id, MetricKind.TIMER,
        () -> new Timer(id, help, new HistogramCore(settings, windowSlots, ticksPerSlot), time), Timer.class);
  }

  /** The distribution with this name and tags, with default settings. */
  public DistributionSummary distribution(String name, String... tags) {
    return distribution(MetricId.of(name, tags), "", HistogramSettings.DISTRIBUTION_DEFAULT);
  }

  /** The distribution with this id and settings, created on first use. */
  public DistributionSummary distribution(MetricId id, String help, HistogramSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return register(id, MetricKind.DISTRIBUTION,
        () -> new DistributionSummary(id, help, new HistogramCore(settings, windowSlots, ticksPerSlot)),
        DistributionSummary.class);
  }

  private <T> T register(MetricId id, MetricKind kind, java.util.function.Supplier<T> factory, Class<T> type) {
    Objects.requireNonNull(id, "id");
    Registered existing = metrics.get(id.key());
    if (existing == null) {
      synchronized (metrics) {
        existing = metrics.get(id.key());
        if (existing == null) {
          String family = PrometheusNames.family(id.name(), kind);
          String owner = familyOwners.putIfAbsent(family, id.name());
          if (owner != null && !owner.equals(id.name())) {
            throw new IllegalArgumentException("metric name '" + id.name() + "' is exposed as '" + family
                + "', which metric '" + owner + "' already uses; rename one of them");
          }
          for (Registered r : metrics.values()) {
            if (r.id.name().equals(id.name()) && r.kind != kind) {
              throw new IllegalArgumentException("metric '" + id.name() + "' is already a " + r.kind
                  + "; it cannot also be a " + kind);
            }
          }
          List<String> fields = kind == MetricKind.COUNTER ? COUNTER_FIELDS
              : kind == MetricKind.GAUGE ? GAUGE_FIELDS : HISTOGRAM_FIELDS;
          Registered r = new Registered(id, kind, factory.get(), new HistoryRing(historySize, fields));
          metrics.put(id.key(), r);
          return type.cast(r.metric);
        }
      }
    }
    if (existing.kind != kind) {
      throw new IllegalArgumentException("metric '" + id.key() + "' is already a " + existing.kind
          + "; it cannot also be a " + kind);
    }
    return type.cast(existing.metric);
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
    double slotSeconds = seconds * ticksPerSlot;
    TreeMap<String, MetricSample> samples = new TreeMap<>();
    for (Registered r : metrics.values()) {
      MetricSample s = sample(r, seconds, slotSeconds);
      samples.put(r.id.key(), s);
    }
    MonitorSnapshot snapshot = new MonitorSnapshot(now, seconds, samples);
    last = snapshot;
    for (Map.Entry<String, MetricSample> e : samples.entrySet()) {
      Map<String, Double> fields = e.getValue().fields();
      metrics.get(e.getKey()).history.add(now, fields);
      if (!subscriptions.isEmpty()) {
        MetricUpdate update = new MetricUpdate(now, e.getKey(), e.getValue().kind(), fields);
        for (Subscription sub : subscriptions) {
          if (sub.accepts(e.getKey())) {
            sub.offer(update);
          }
        }
      }
    }
    for (Consumer<MonitorSnapshot> l : tickListeners) {
      try {
        l.accept(snapshot);
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, "tick listener " + l + " failed: " + ex, ex);
      }
    }
    return snapshot;
  }

  private MetricSample sample(Registered r, double seconds, double slotSeconds) {
    switch (r.kind) {
      case COUNTER: {
        Counter c = (Counter) r.metric;
        long total = c.count();
        double rate = (total - r.lastCount) / seconds;
        r.lastCount = total;
        return new MetricSample(r.id, r.kind, c.help(), total, rate, null, null, null, null, Double.NaN);
      }
      case GAUGE: {
        Gauge g = (Gauge) r.metric;
        return new MetricSample(r.id, r.kind, g.help(), g.value(), Double.NaN, null, null, null, null, Double.NaN);
      }
      default: {
        HistogramCore core = r.kind == MetricKind.TIMER ? ((Timer) r.metric).core() : ((DistributionSummary) r.metric).core();
        String help = r.kind == MetricKind.TIMER ? ((Timer) r.metric).help() : ((DistributionSummary) r.metric).help();
        scratch.clear();
        core.tick(scratch, seconds, slotSeconds);
        scratch.clear();
        DistributionStats t = core.lastTick();
        r.lastCount += t.count();
        r.lastSum += core.lastTickDistribution().sum();
        return new MetricSample(r.id, r.kind, help, r.lastCount, t.rate(), t, core.window(),
            core.lastTickDistribution(), core.precision, r.lastSum);
      }
    }
  }

  /** The snapshot of the last tick (empty before the first). */
  public MonitorSnapshot snapshot() {
    return last;
  }

  /** Ticks so far. */
  public synchronized long ticks() {
    return ticks;
  }

  /** The tick length. */
  public Duration tickInterval() {
    return tick;
  }

  /** Runs {@code listener} on the tick thread after each tick; it must be quick. */
  public void addTickListener(Consumer<MonitorSnapshot> listener) {
    tickListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops calling {@code listener}. */
  public void removeTickListener(Consumer<MonitorSnapshot> listener) {
    tickListeners.remove(listener);
  }

  // ------------------------------------------------------------------ history and subscriptions

  /**
   * The history of the metric with this key ({@link MetricId#key()}), oldest first: one point per
   * tick, at most the configured history size.
   */
  public Optional<List<HistoryPoint>> history(String key) {
    Registered r = metrics.get(key);
    return r == null ? Optional.empty() : Optional.of(r.history.points());
  }

  /** Keys of every registered metric, sorted. */
  public List<String> metricKeys() {
    return List.copyOf(new TreeMap<>(metrics).keySet());
  }

  /** The kind of the metric with this key. */
  public Optional<MetricKind> kind(String key) {
    Registered r = metrics.get(key);
    return r == null ? Optional.empty() : Optional.of(r.kind);
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
    Subscription[] holder = new Subscription[1];
    Subscription s = new Subscription(description, filter, consumer, subscriberCapacity,
        () -> subscriptions.remove(holder[0]));
    holder[0] = s;
    subscriptions.add(s);
    s.start();
    return s;
  }

  /** Open subscriptions. */
  public int subscriptions() {
    return subscriptions.size();
  }

  /** Bytes held by timers, distributions and history rings. */
  public long footprintBytes() {
    long bytes = 0;
    for (Registered r : metrics.values()) {
      bytes += r.history.footprintBytes();
      if (r.metric instanceof Timer) {
        bytes += ((Timer) r.metric).core().footprintBytes();
      } else if (r.metric instanceof DistributionSummary) {
        bytes += ((DistributionSummary) r.metric).core().footprintBytes();
      }
    }
    return bytes;
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
    for (Subscription s : subscriptions) {
      s.close();
    }
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

    private Builder() {}

    /** How often the monitor snapshots (1 s by default). */
    public Builder tick(Duration tick) {
      Objects.requireNonNull(tick, "tick");
      if (tick.toMillis() < 1) {
        throw new IllegalArgumentException("tick " + tick + " must be at least 1 ms");
      }
      this.tick = tick;
      return this;
    }

    /**
     * The sliding window of timers and distributions (1 min by default) and how many slots it
     * advances by (6, so every 10 s).
     */
    public Builder window(Duration window, int slots) {
      Objects.requireNonNull(window, "window");
      if (slots < 1 || slots > 1000) {
        throw new IllegalArgumentException("window slots " + slots + " must be between 1 and 1000");
      }
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("window " + window + " must be positive");
      }
      this.window = window;
      this.windowSlots = slots;
      return this;
    }

    /** Points of history kept per metric (300 by default: 5 minutes at 1 s ticks). */
    public Builder historySize(int points) {
      if (points < 1 || points > 1_000_000) {
        throw new IllegalArgumentException("history size " + points + " must be between 1 and 1000000");
      }
      this.historySize = points;
      return this;
    }

    /** Updates each subscriber may have queued before further ones are dropped (1024). */
    public Builder subscriberQueueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("subscriber queue capacity " + capacity + " must be positive");
      }
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
