package io.perfkit.monitor;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.System.Logger.Level;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import jdk.jfr.consumer.RecordingStream;

/**
 * The JVM's and the machine's own metrics: memory and GC, threads, processors and version, and
 * the system layer:
 *
 * <ul>
 *   <li>{@code jvm.memory.heap.used.bytes}, {@code …committed.bytes}, {@code …max.bytes}, and
 *       the same for {@code jvm.memory.nonheap};</li>
 *   <li>{@code jvm.gc.collections{gc=…}} and {@code jvm.gc.collection.seconds{gc=…}} per
 *       collector (cumulative); from GC notifications, the timer {@code jvm.gc.pause} of
 *       stop-the-world pauses only, the timer {@code jvm.gc.concurrent} of concurrent cycles
 *       (ZGC's and Shenandoah's "cycles" collectors), {@code jvm.gc.overhead} (the fraction of
 *       wall time paused, over at least the last second) and
 *       {@code jvm.memory.heap.after.gc.fraction} (heap in use after the last pause over the
 *       maximum heap);</li>
 *   <li>{@code jvm.memory.allocated.bytes}, cumulative and never decreasing: threads that exit
 *       keep what they allocated (JDK 21+ counts it exactly; before, up to the last sample), and
 *       {@code jvm.memory.allocation.rate.bytes} per second;</li>
 *   <li>{@code jvm.memory.metaspace.used.bytes}, and {@code jvm.threads.deadlocked} (checked at
 *       most every ten seconds: finding deadlocks takes a safepoint);</li>
 *   <li>{@code jvm.threads.live}, {@code jvm.threads.daemon}, {@code jvm.threads.peak},
 *       {@code jvm.classes.loaded};</li>
 *   <li>{@code process.cpu.load} and {@code system.cpu.load} (0 to 1),
 *       {@code process.uptime.seconds}, {@code process.open.fds},
 *       {@code jvm.available.processors}, and {@code jvm.info{version=…,vendor=…}} = 1;</li>
 *   <li>with system events on, from a low-rate JFR stream: {@code system.context.switch.rate}
 *       (per second), {@code system.network.read.bytes.rate} /
 *       {@code system.network.write.bytes.rate}, and {@code jvm.safepoint.overhead} (the
 *       fraction of wall time inside safepoints, GC or not);</li>
 *   <li>on JDK 24+, the virtual threads' carrier pool: {@code jvm.threads.virtual.parallelism},
 *       {@code jvm.threads.virtual.pool.size}, {@code jvm.threads.virtual.mounted} and
 *       {@code jvm.threads.virtual.queued}; with {@link Builder#virtualThreads} on JDK 21+, from a
 *       JFR stream, the timer {@code jvm.threads.virtual.pinned} (each block of a virtual thread
 *       pinned to its carrier for longer than 20 ms, which the shipped
 *       {@code JvmVirtualThreadPinned} rule watches) and the counter
 *       {@code jvm.threads.virtual.submit.failed}.</li>
 * </ul>
 * {@link #close()} removes the GC listener and stops the JFR stream; the gauges stay registered.
 *
 * <p><b>One class.</b> Each part that holds a listener (the GC notification listeners, the JFR
 * stream) adds its undo to {@code closers}, which {@link #close()} runs once for all of them. The
 * GC listener and the stream's handlers write the volatile fields the registered gauges read
 * ({@code heapAfterGc}, {@code contextSwitchRate}, {@code networkReadRate},
 * {@code safepointOverhead}), so one object owns both ends.
 */
public final class JvmMetrics implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(JvmMetrics.class.getName());

  private final List<Runnable> closers = new ArrayList<>();
  private volatile double contextSwitchRate = Double.NaN;
  private final DoubleAdder networkRead = new DoubleAdder();
  private final DoubleAdder networkWrite = new DoubleAdder();
  private volatile double networkReadRate = Double.NaN;
  private volatile double networkWriteRate = Double.NaN;
  private volatile double heapAfterGc = Double.NaN;
  private volatile double safepointOverhead = Double.NaN;
  private final DoubleAdder safepointNanos = new DoubleAdder();
  private long safepointWindowStart = System.nanoTime();  // on the stream's thread

  private JvmMetrics() {}

  /**
   * The one way to register the JVM metrics on {@code monitor}:
   * {@code JvmMetrics.builder(monitor).build()}, with {@link Builder#systemEvents} for the JFR
   * system stream.
   *
   * @throws NullPointerException when {@code monitor} is null
   */
  public static Builder builder(Monitor monitor) {
    return new Builder(monitor);
  }

  /** Which JVM metrics to register. */
  public static final class Builder {
    private final Monitor monitor;
    private boolean systemEvents;
    private boolean virtualThreads;

    private Builder(Monitor monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /**
     * Also start a JFR stream of {@code jdk.ThreadContextSwitchRate}, {@code jdk.NetworkUtilization}
     * and safepoints, once a second; off by default.
     */
    public Builder systemEvents(boolean on) {
      this.systemEvents = on;
      return this;
    }

    /**
     * Also start a JFR stream of virtual threads blocked while pinned to their carriers and of
     * failed submits to their scheduler; off by default. On a JVM without virtual threads (before
     * 21) it registers nothing.
     */
    public Builder virtualThreads(boolean on) {
      this.virtualThreads = on;
      return this;
    }

    /** Registers the metrics (and starts the streams); close the result to release its listeners. */
    public JvmMetrics build() {
      JvmMetrics m = new JvmMetrics();
      m.registerMemory(monitor);
      m.registerGc(monitor);
      m.registerThreadsAndProcess(monitor);
      if (systemEvents) {
        m.startSystemStream(monitor);
      }
      VirtualThreadMetrics.registerScheduler(monitor);
      if (virtualThreads && VirtualThreadMetrics.available()) {
        m.closers.add(VirtualThreadMetrics.startStream(monitor));
      }
      return m;
    }
  }

  private void registerMemory(Monitor monitor) {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    monitor.gauge(MetricId.of("jvm.memory.heap.used.bytes"), "Heap in use", () -> mem.getHeapMemoryUsage().getUsed());
    monitor.gauge(MetricId.of("jvm.memory.heap.committed.bytes"), "Heap committed", () -> mem.getHeapMemoryUsage().getCommitted());
    monitor.gauge(MetricId.of("jvm.memory.heap.max.bytes"), "Heap maximum, -1 when undefined", () -> mem.getHeapMemoryUsage().getMax());
    monitor.gauge(MetricId.of("jvm.memory.nonheap.used.bytes"), "Non-heap in use", () -> mem.getNonHeapMemoryUsage().getUsed());
    monitor.gauge(MetricId.of("jvm.memory.nonheap.committed.bytes"), "Non-heap committed",
        () -> mem.getNonHeapMemoryUsage().getCommitted());
    monitor.gauge(MetricId.of("jvm.memory.nonheap.max.bytes"), "Non-heap maximum, -1 when undefined",
        () -> mem.getNonHeapMemoryUsage().getMax());
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().equals("Metaspace")) {
        monitor.gauge(MetricId.of("jvm.memory.metaspace.used.bytes"), "Metaspace in use", () -> pool.getUsage().getUsed());
      }
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (threads instanceof com.sun.management.ThreadMXBean) {
      com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) threads;
      if (t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
        AllocatedBytes allocated = new AllocatedBytes(t);
        monitor.gauge(MetricId.of("jvm.memory.allocated.bytes"),
            "Bytes allocated since the JVM started, by every thread, exited ones included", allocated::total);
        double[] last = {Double.NaN, 0};
        monitor.gauge(MetricId.of("jvm.memory.allocation.rate.bytes"), "Bytes allocated per second", () -> {
          double now = allocated.total();
          double nanos = System.nanoTime();
          double rate = Double.isNaN(last[0]) ? Double.NaN : Math.max(0, (now - last[0]) / ((nanos - last[1]) / 1e9));
          last[0] = now;
          last[1] = nanos;
          return rate;
        });
      }
    }
    monitor.gauge(MetricId.of("jvm.threads.deadlocked"), "Threads deadlocked on monitors or locks (checked every 10 s)",
        new Deadlocks(threads)::count);
  }

  /**
   * Cumulative allocation that never goes down. JDK 21 and later count exited threads exactly
   * ({@code getTotalThreadAllocatedBytes}); before, each thread's last sampled total is kept
   * when it exits, so only what it allocated after the last sample is missed.
   */
  static final class AllocatedBytes {
    private static final MethodHandle TOTAL = findTotal();
    private final com.sun.management.ThreadMXBean threads;
    private Map<Long, Long> lastByThread = new HashMap<>();
    private long retired;
    private long last;

    AllocatedBytes(com.sun.management.ThreadMXBean threads) {
      this.threads = threads;
    }

    private static MethodHandle findTotal() {
      try {
        return MethodHandles.publicLookup().findVirtual(com.sun.management.ThreadMXBean.class,
            "getTotalThreadAllocatedBytes", MethodType.methodType(long.class));
      } catch (ReflectiveOperationException e) {
        return null;  // JDK 17 to 20
      }
    }

    synchronized double total() {
      long now = -1;
      if (TOTAL != null) {
        try {
          now = (long) TOTAL.invoke(threads);
        } catch (Throwable e) {
          now = -1;
        }
      }
      if (now < 0) {
        now = sumWithRetired();
      }
      last = Math.max(last, now);
      return last;
    }

    private long sumWithRetired() {
      long[] ids = threads.getAllThreadIds();
      long[] bytes = threads.getThreadAllocatedBytes(ids);
      Map<Long, Long> current = new HashMap<>(ids.length * 2);
      long sum = 0;
      for (int i = 0; i < ids.length; i++) {
        if (bytes[i] > 0) {
          current.put(ids[i], bytes[i]);
          sum += bytes[i];
        }
      }
      for (Map.Entry<Long, Long> e : lastByThread.entrySet()) {
        if (!current.containsKey(e.getKey())) {
          retired += e.getValue();
        }
      }
      lastByThread = current;
      return retired + sum;
    }
  }

  /** Deadlocked threads, looked for at most every ten seconds. */
  private static final class Deadlocks {
    private final ThreadMXBean threads;
    private long checkedAt;
    private boolean checked;
    private int count;

    Deadlocks(ThreadMXBean threads) {
      this.threads = threads;
    }

    synchronized double count() {
      long now = System.nanoTime();
      if (!checked || now - checkedAt >= 10_000_000_000L) {
        long[] ids = threads.findDeadlockedThreads();
        count = ids == null ? 0 : ids.length;
        checkedAt = now;
        checked = true;
      }
      return count;
    }
  }

  private void registerGc(Monitor monitor) {
    Timer pause = monitor.timer(MetricId.of("jvm.gc.pause"), "Stop-the-world GC pauses, from GC notifications",
        HistogramSettings.TIMER_DEFAULT);
    Timer concurrent = monitor.timer(MetricId.of("jvm.gc.concurrent"),
        "Concurrent GC cycles (ZGC, Shenandoah), from GC notifications", HistogramSettings.TIMER_DEFAULT);
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    PauseOverhead overhead = new PauseOverhead();
    monitor.gauge(MetricId.of("jvm.gc.overhead"), "Fraction of wall time in GC pauses, over at least the last second",
        overhead::fraction);
    monitor.gauge(MetricId.of("jvm.memory.heap.after.gc.fraction"),
        "Heap in use after the last GC pause over the maximum heap; NaN before the first", () -> heapAfterGc);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      monitor.gauge(MetricId.of("jvm.gc.collections", "gc", gc.getName()), "Collections since start",
          gc::getCollectionCount);
      monitor.gauge(MetricId.of("jvm.gc.collection.seconds", "gc", gc.getName()), "Time spent collecting since start",
          () -> gc.getCollectionTime() / 1000.0);
      if (gc instanceof NotificationEmitter) {
        NotificationEmitter emitter = (NotificationEmitter) gc;
        NotificationListener listener = (Notification n, Object handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long millis = info.getGcInfo().getDuration();
            if (isConcurrentCycle(info.getGcAction())) {
              concurrent.record(millis, TimeUnit.MILLISECONDS);
            } else {
              pause.record(millis, TimeUnit.MILLISECONDS);
              overhead.add(millis);
              long max = mem.getHeapMemoryUsage().getMax();
              if (max > 0) {
                heapAfterGc = heapUsed(info.getGcInfo().getMemoryUsageAfterGc()) / (double) max;
              }
            }
          }
        };
        emitter.addNotificationListener(listener, null, null);
        closers.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (ListenerNotFoundException e) {
            LOG.log(Level.DEBUG, "GC listener already removed", e);
          }
        });
      }
    }
  }

  /**
   * A notification for a whole concurrent cycle rather than a pause: ZGC's and Shenandoah's
   * "cycles" collectors say {@code end of GC cycle}. G1's "G1 Concurrent GC" collector (JDK 20+)
   * reports its remark and cleanup pauses, so it counts as pauses.
   */
  static boolean isConcurrentCycle(String gcAction) {
    return "end of GC cycle".equals(gcAction);
  }

  /** The heap's pools, by name; they do not change while the JVM runs. */
  private static final List<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).toList();

  private static long heapUsed(Map<String, MemoryUsage> afterGc) {
    long used = 0;
    for (String pool : HEAP_POOLS) {
      MemoryUsage u = afterGc.get(pool);
      if (u != null) {
        used += u.getUsed();
      }
    }
    return used;
  }

  /** Pause milliseconds over wall time, measured over windows of at least a second. */
  private static final class PauseOverhead {
    private final AtomicLong pausedMillis = new AtomicLong();
    private long windowStart = System.nanoTime();
    private long windowPaused;
    private double fraction;

    void add(long millis) {
      pausedMillis.addAndGet(millis);
    }

    synchronized double fraction() {
      long now = System.nanoTime();
      if (now - windowStart >= 1_000_000_000L) {
        long paused = pausedMillis.get();
        fraction = Math.min(1, (paused - windowPaused) / ((now - windowStart) / 1e6));
        windowPaused = paused;
        windowStart = now;
      }
      return fraction;
    }
  }

  private void registerThreadsAndProcess(Monitor monitor) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    monitor.gauge(MetricId.of("jvm.threads.live"), "Live threads", threads::getThreadCount);
    monitor.gauge(MetricId.of("jvm.threads.daemon"), "Live daemon threads", threads::getDaemonThreadCount);
    monitor.gauge(MetricId.of("jvm.threads.peak"), "Peak live threads", threads::getPeakThreadCount);
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    monitor.gauge(MetricId.of("jvm.classes.loaded"), "Classes loaded now", classes::getLoadedClassCount);
    RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    monitor.gauge(MetricId.of("process.uptime.seconds"), "JVM uptime", () -> runtime.getUptime() / 1000.0);
    monitor.gauge(MetricId.of("jvm.available.processors"), "Processors available to the JVM",
        () -> Runtime.getRuntime().availableProcessors());
    monitor.gauge(MetricId.of("jvm.info", "version", Runtime.version().toString(), "vendor",
        System.getProperty("java.vendor", "")), "JVM version and vendor; always 1", () -> 1);
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof OperatingSystemMXBean) {
      OperatingSystemMXBean sun = (OperatingSystemMXBean) os;
      monitor.gauge(MetricId.of("process.cpu.load"), "CPU load of this process, 0 to 1", sun::getProcessCpuLoad);
      monitor.gauge(MetricId.of("system.cpu.load"), "CPU load of the machine, 0 to 1", sun::getCpuLoad);
    }
    if (os instanceof UnixOperatingSystemMXBean) {
      UnixOperatingSystemMXBean unix = (UnixOperatingSystemMXBean) os;
      monitor.gauge(MetricId.of("process.open.fds"), "Open file descriptors", unix::getOpenFileDescriptorCount);
      monitor.gauge(MetricId.of("process.max.fds"), "File descriptor limit", unix::getMaxFileDescriptorCount);
    }
  }

  private void startSystemStream(Monitor monitor) {
    RecordingStream stream = new RecordingStream();
    stream.enable("jdk.ThreadContextSwitchRate").withPeriod(Duration.ofSeconds(1));
    stream.enable("jdk.NetworkUtilization").withPeriod(Duration.ofSeconds(1));
    stream.setMaxAge(Duration.ofSeconds(10));
    stream.onEvent("jdk.ThreadContextSwitchRate", e -> contextSwitchRate = e.getFloat("switchRate"));
    stream.onEvent("jdk.NetworkUtilization", e -> {
      networkRead.add(e.getLong("readRate") / 8.0);
      networkWrite.add(e.getLong("writeRate") / 8.0);
    });
    stream.enable("jdk.SafepointBegin");
    stream.enable("jdk.SafepointEnd");
    Map<Long, java.time.Instant> begun = new HashMap<>();
    stream.onEvent("jdk.SafepointBegin", e -> begun.put(e.getLong("safepointId"), e.getStartTime()));
    stream.onEvent("jdk.SafepointEnd", e -> {
      java.time.Instant start = begun.remove(e.getLong("safepointId"));
      if (start != null) {
        safepointNanos.add(Duration.between(start, e.getEndTime()).toNanos());
      }
    });
    stream.onFlush(() -> {
      networkReadRate = networkRead.sumThenReset();
      networkWriteRate = networkWrite.sumThenReset();
      long now = System.nanoTime();
      double wall = now - safepointWindowStart;
      if (wall > 0) {
        safepointOverhead = Math.min(1, safepointNanos.sumThenReset() / wall);
      }
      safepointWindowStart = now;
    });
    stream.startAsync();
    closers.add(stream::close);
    monitor.gauge(MetricId.of("system.context.switch.rate"), "Context switches per second on the machine (JFR)",
        () -> contextSwitchRate);
    monitor.gauge(MetricId.of("system.network.read.bytes.rate"), "Bytes per second read on all interfaces (JFR)",
        () -> networkReadRate);
    monitor.gauge(MetricId.of("system.network.write.bytes.rate"), "Bytes per second written on all interfaces (JFR)",
        () -> networkWriteRate);
    monitor.gauge(MetricId.of("jvm.safepoint.overhead"), "Fraction of wall time inside safepoints (JFR)",
        () -> safepointOverhead);
  }

  @Override
  public void close() {
    for (Runnable r : closers) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "closing JVM metrics", e);
      }
    }
    closers.clear();
  }
}
