package io.perfkit.monitor.executor;

import io.perfkit.api.Arguments;
import io.perfkit.monitor.HistogramSettings;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.Monitor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.DoubleSupplier;

/**
 * Thread pools measured: wrap an executor, use the wrapper in its place, and every task's time in
 * the queue and time running are recorded in two timers of the monitor, beside the pool's size,
 * queue and counts.
 *
 * <pre>{@code
 * ExecutorMetrics executors = ExecutorMetrics.builder(monitor).build();
 * ExecutorService pool = executors.monitor("checkout", Executors.newFixedThreadPool(8));
 * }</pre>
 *
 * <p>The metrics carry Micrometer's {@code ExecutorServiceMetrics} names and its {@code name}
 * label, so dashboards made for it read them:
 * <ul>
 *   <li>{@code executor.idle}: a timer of the time each task waited before it started (from
 *       submission, or for a scheduled task from the time it was due): the number that says a
 *       pool is too small. Its p99 is what the shipped {@code ExecutorQueueWait} rule watches;</li>
 *   <li>{@code executor}: a timer of the time each task ran;</li>
 *   <li>{@code executor.completed} and {@code executor.rejected}: counters of tasks that ended
 *       (normally or by throwing) and tasks the pool refused;</li>
 *   <li>{@code executor.active} and {@code executor.queued}: tasks running and waiting now;</li>
 *   <li>for a {@link ThreadPoolExecutor} (what {@code newFixedThreadPool}, {@code newCachedThreadPool}
 *       and {@code newScheduledThreadPool} make): {@code executor.pool.size},
 *       {@code executor.pool.core}, {@code executor.pool.max} and {@code executor.queue.remaining},
 *       with {@code executor.active} and {@code executor.queued} read from the pool itself;</li>
 *   <li>for a {@link ForkJoinPool}: {@code executor.pool.size}, {@code executor.parallelism},
 *       {@code executor.running} and {@code executor.steals}, with {@code executor.active} and
 *       {@code executor.queued} read from the pool;</li>
 *   <li>for any other executor (a virtual thread per task, a delegating wrapper), active and
 *       queued are counted by the wrapper.</li>
 * </ul>
 *
 * <p>The timers are the monitor's HdrHistogram timers: their percentiles are exact to 0.1 %, not
 * estimated. Timing a task costs three clock reads and two histogram records; {@code submit}
 * allocates nothing beyond the pool's own (the wrapper makes the future the pool would have
 * made), {@code execute} one 24-byte wrapper. Each pool is a {@code name} label value: at most
 * {@link Builder#maxPools} pools (100 unless set), so pools made per request cannot grow the
 * label space without bound; {@link #remove} frees a name. Thread-safe.
 */
public final class ExecutorMetrics {

  /** The default bound on pools measured by one instance. */
  public static final int DEFAULT_MAX_POOLS = 100;

  private final Monitor monitor;
  private final int maxPools;
  private final Map<String, List<MetricId>> pools = new LinkedHashMap<>();

  private ExecutorMetrics(Builder b) {
    this.monitor = b.monitor;
    this.maxPools = b.maxPools;
  }

  /**
   * The one way to measure pools on {@code monitor}: {@code ExecutorMetrics.builder(monitor).build()}.
   *
   * @throws NullPointerException when {@code monitor} is null
   */
  public static Builder builder(Monitor monitor) {
    return new Builder(monitor);
  }

  /**
   * Measures {@code pool} under {@code name} and returns the executor to use in its place.
   * Shutting the returned executor down shuts the pool down.
   *
   * @throws IllegalArgumentException when {@code name} is blank or already measured here or on
   *     the monitor
   * @throws IllegalStateException when {@link Builder#maxPools} pools are measured already
   */
  public ExecutorService monitor(String name, ExecutorService pool) {
    Objects.requireNonNull(pool, "pool");
    if (pool instanceof ScheduledExecutorService s) {
      return monitor(name, s);
    }
    return new MonitoredExecutorService(pool, register(name, pool));
  }

  /** Measures a scheduled pool; see {@link #monitor(String, ExecutorService)}. */
  public ScheduledExecutorService monitor(String name, ScheduledExecutorService pool) {
    Objects.requireNonNull(pool, "pool");
    return new MonitoredScheduledExecutorService(pool, register(name, pool));
  }

  /** The names of the pools measured, in the order they were added. */
  public synchronized Set<String> pools() {
    return Set.copyOf(pools.keySet());
  }

  /**
   * Removes a pool's metrics from the monitor and frees its name; a wrapper still in use keeps
   * timing into meters nothing reads.
   *
   * @return true when a pool of that name was measured
   */
  public synchronized boolean remove(String name) {
    List<MetricId> ids = pools.remove(Objects.requireNonNull(name, "name"));
    if (ids == null) {
      return false;
    }
    ids.forEach(monitor::remove);
    return true;
  }

  private synchronized PoolMeters register(String name, ExecutorService pool) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("pool name '" + name + "' is blank");
    }
    if (pools.containsKey(name) || monitor.kind(MetricId.of("executor.idle", "name", name).key()).isPresent()) {
      throw new IllegalArgumentException("pool name '" + name + "' is already measured on this monitor");
    }
    if (pools.size() >= maxPools) {
      throw new IllegalStateException("pool '" + name + "' refused: " + maxPools
          + " pools are measured already (maxPools); remove one or raise the bound");
    }
    List<MetricId> ids = new ArrayList<>();
    MetricId idle = id(ids, "executor.idle", name);
    MetricId execution = id(ids, "executor", name);
    MetricId rejected = id(ids, "executor.rejected", name);
    boolean counting = !(pool instanceof ThreadPoolExecutor || pool instanceof ForkJoinPool);
    PoolMeters m = new PoolMeters(name, counting, monitor.timeSource(),
        monitor.timer(idle, "Time tasks waited in the pool's queue before they started", HistogramSettings.TIMER_DEFAULT),
        monitor.timer(execution, "Time tasks ran", HistogramSettings.TIMER_DEFAULT),
        monitor.counter(rejected, "Tasks the pool refused", "tasks"));
    counter(ids, name, "executor.completed", "Tasks that ended, normally or by throwing", () -> m.completed.sum());
    if (pool instanceof ThreadPoolExecutor t) {
      gauge(ids, name, "executor.active", "Threads running a task", t::getActiveCount);
      gauge(ids, name, "executor.queued", "Tasks waiting in the pool's queue", () -> t.getQueue().size());
      gauge(ids, name, "executor.queue.remaining", "Room left in the pool's queue", () -> t.getQueue().remainingCapacity());
      gauge(ids, name, "executor.pool.size", "Threads in the pool", t::getPoolSize);
      gauge(ids, name, "executor.pool.core", "The pool's core size", t::getCorePoolSize);
      gauge(ids, name, "executor.pool.max", "The pool's largest size", t::getMaximumPoolSize);
    } else if (pool instanceof ForkJoinPool f) {
      gauge(ids, name, "executor.active", "Threads running or stealing a task", f::getActiveThreadCount);
      gauge(ids, name, "executor.queued", "Tasks waiting in the pool's queues",
          () -> f.getQueuedTaskCount() + f.getQueuedSubmissionCount());
      gauge(ids, name, "executor.running", "Threads not blocked waiting to join a task", f::getRunningThreadCount);
      gauge(ids, name, "executor.pool.size", "Threads in the pool", f::getPoolSize);
      gauge(ids, name, "executor.parallelism", "The pool's target parallelism", f::getParallelism);
      counter(ids, name, "executor.steals", "Tasks stolen from one thread's queue by another", f::getStealCount);
    } else {
      gauge(ids, name, "executor.active", "Tasks running now", m::active);
      gauge(ids, name, "executor.queued", "Tasks handed to the executor that have not started", m::queued);
    }
    pools.put(name, ids);
    return m;
  }

  private static MetricId id(List<MetricId> ids, String metric, String pool) {
    MetricId id = MetricId.of(metric, "name", pool);
    ids.add(id);
    return id;
  }

  private void gauge(List<MetricId> ids, String pool, String metric, String help, DoubleSupplier value) {
    monitor.gauge(id(ids, metric, pool), help, value);
  }

  private void counter(List<MetricId> ids, String pool, String metric, String help, DoubleSupplier total) {
    monitor.suppliedCounter(id(ids, metric, pool), help, "tasks", total);
  }

  /** How many pools one instance measures at most. */
  public static final class Builder {
    private final Monitor monitor;
    private int maxPools = DEFAULT_MAX_POOLS;

    private Builder(Monitor monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /**
     * The most pools measured at once (100 unless set): each is a value of the {@code name}
     * label, and a pool past the bound is refused, naming it.
     *
     * @throws IllegalArgumentException when {@code pools} is not positive
     */
    public Builder maxPools(int pools) {
      this.maxPools = Arguments.positive("maxPools", pools);
      return this;
    }

    public ExecutorMetrics build() {
      return new ExecutorMetrics(this);
    }
  }
}
