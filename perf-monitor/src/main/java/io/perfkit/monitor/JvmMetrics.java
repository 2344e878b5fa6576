package io.perfkit.monitor;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.System.Logger.Level;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 *       collector (cumulative), and the timer {@code jvm.gc.pause} fed by GC notifications, for
 *       pause percentiles;</li>
 *   <li>{@code jvm.memory.allocated.bytes} (cumulative, live threads) and
 *       {@code jvm.memory.allocation.rate.bytes} per second;</li>
 *   <li>{@code jvm.threads.live}, {@code jvm.threads.daemon}, {@code jvm.threads.peak},
 *       {@code jvm.classes.loaded};</li>
 *   <li>{@code process.cpu.load} and {@code system.cpu.load} (0 to 1),
 *       {@code process.uptime.seconds}, {@code process.open.fds},
 *       {@code jvm.available.processors}, and {@code jvm.info{version=…,vendor=…}} = 1;</li>
 *   <li>with system events on, from a low-rate JFR stream: {@code system.context.switch.rate}
 *       (per second) and {@code system.network.read.bytes.rate} /
 *       {@code system.network.write.bytes.rate}.</li>
 * </ul>
 * {@link #close()} removes the GC listener and stops the JFR stream; the gauges stay registered.
 */
public final class JvmMetrics implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(JvmMetrics.class.getName());

  private final List<Runnable> closers = new ArrayList<>();
  private volatile double contextSwitchRate = Double.NaN;
  private final DoubleAdder networkRead = new DoubleAdder();
  private final DoubleAdder networkWrite = new DoubleAdder();
  private volatile double networkReadRate = Double.NaN;
  private volatile double networkWriteRate = Double.NaN;

  private JvmMetrics() {}

  /** Registers the JVM metrics, without the JFR system stream. */
  public static JvmMetrics register(Monitor monitor) {
    return register(monitor, false);
  }

  /**
   * Registers the JVM metrics; with {@code systemEvents}, also starts a JFR stream of
   * {@code jdk.ThreadContextSwitchRate} and {@code jdk.NetworkUtilization} once a second.
   */
  public static JvmMetrics register(Monitor monitor, boolean systemEvents) {
    JvmMetrics m = new JvmMetrics();
    m.registerMemory(monitor);
    m.registerGc(monitor);
    m.registerThreadsAndProcess(monitor);
    if (systemEvents) {
      m.startSystemStream(monitor);
    }
    return m;
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
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (threads instanceof com.sun.management.ThreadMXBean) {
      com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) threads;
      if (t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
        monitor.gauge(MetricId.of("jvm.memory.allocated.bytes"),
            "Bytes allocated by live threads since they started", () -> allocated(t));
        double[] last = {Double.NaN, 0};
        monitor.gauge(MetricId.of("jvm.memory.allocation.rate.bytes"), "Bytes allocated per second by live threads", () -> {
          double now = allocated(t);
          double nanos = System.nanoTime();
          double rate = Double.isNaN(last[0]) ? Double.NaN : Math.max(0, (now - last[0]) / ((nanos - last[1]) / 1e9));
          last[0] = now;
          last[1] = nanos;
          return rate;
        });
      }
    }
  }

  private static double allocated(com.sun.management.ThreadMXBean t) {
    long[] ids = t.getAllThreadIds();
    long sum = 0;
    for (long b : t.getThreadAllocatedBytes(ids)) {
      if (b > 0) {
        sum += b;
      }
    }
    return sum;
  }

  private void registerGc(Monitor monitor) {
    Timer pause = monitor.timer(MetricId.of("jvm.gc.pause"), "GC pauses, from GC notifications",
        HistogramSettings.TIMER_DEFAULT);
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
            pause.record(info.getGcInfo().getDuration(), TimeUnit.MILLISECONDS);
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
    stream.onFlush(() -> {
      networkReadRate = networkRead.sumThenReset();
      networkWriteRate = networkWrite.sumThenReset();
    });
    stream.startAsync();
    closers.add(stream::close);
    monitor.gauge(MetricId.of("system.context.switch.rate"), "Context switches per second on the machine (JFR)",
        () -> contextSwitchRate);
    monitor.gauge(MetricId.of("system.network.read.bytes.rate"), "Bytes per second read on all interfaces (JFR)",
        () -> networkReadRate);
    monitor.gauge(MetricId.of("system.network.write.bytes.rate"), "Bytes per second written on all interfaces (JFR)",
        () -> networkWriteRate);
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
