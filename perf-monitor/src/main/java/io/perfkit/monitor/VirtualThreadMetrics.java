package io.perfkit.monitor;

import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import jdk.jfr.consumer.RecordingStream;

/**
 * The virtual-thread part of {@link JvmMetrics}, for a JVM that has virtual threads; compiled for
 * 17, so what JDK 21 and 24 added is found by name.
 *
 * <ul>
 *   <li>the carrier pool, from the JDK's {@code VirtualThreadSchedulerMXBean} (JDK 24+):
 *       {@code jvm.threads.virtual.parallelism}, {@code jvm.threads.virtual.pool.size} (carrier
 *       threads), {@code jvm.threads.virtual.mounted} (virtual threads on a carrier now) and
 *       {@code jvm.threads.virtual.queued} (virtual threads ready to run, waiting for a carrier);</li>
 *   <li>from a JFR stream (JDK 21+): the timer {@code jvm.threads.virtual.pinned}, each time a
 *       virtual thread blocked while pinned to its carrier (a monitor held on JDK 21–23, a native
 *       frame or a class initializer on any JDK) for longer than JFR's threshold of 20 ms, and the
 *       counter {@code jvm.threads.virtual.submit.failed}, virtual threads the scheduler could not
 *       start or resume. Micrometer's {@code VirtualThreadMetrics} uses the same names.</li>
 * </ul>
 */
final class VirtualThreadMetrics {

  static final String PINNED = "jvm.threads.virtual.pinned";
  static final String SUBMIT_FAILED = "jvm.threads.virtual.submit.failed";

  private VirtualThreadMetrics() {}

  /** Whether this JVM has virtual threads. */
  static boolean available() {
    return Runtime.version().feature() >= 21;
  }

  /** Registers the carrier pool's gauges when the JVM has the scheduler's MXBean; returns whether it did. */
  static boolean registerScheduler(Monitor monitor) {
    Object bean;
    Class<?> type;
    try {
      type = Class.forName("jdk.management.VirtualThreadSchedulerMXBean");
      bean = ManagementFactory.getPlatformMXBean(type.asSubclass(PlatformManagedObject.class));
    } catch (ClassNotFoundException | IllegalArgumentException e) {
      return false;
    }
    gauge(monitor, type, bean, "getParallelism", "jvm.threads.virtual.parallelism",
        "Carrier threads the virtual-thread scheduler aims to keep busy");
    gauge(monitor, type, bean, "getPoolSize", "jvm.threads.virtual.pool.size",
        "Carrier threads of the virtual-thread scheduler, busy or idle");
    gauge(monitor, type, bean, "getMountedVirtualThreadCount", "jvm.threads.virtual.mounted",
        "Virtual threads mounted on a carrier now");
    gauge(monitor, type, bean, "getQueuedVirtualThreadCount", "jvm.threads.virtual.queued",
        "Virtual threads ready to run, waiting for a carrier");
    return true;
  }

  private static void gauge(Monitor monitor, Class<?> type, Object bean, String getter, String name, String help) {
    Method m;
    try {
      m = type.getMethod(getter);
    } catch (NoSuchMethodException e) {
      return;
    }
    DoubleSupplier read = () -> {
      try {
        return ((Number) m.invoke(bean)).doubleValue();
      } catch (ReflectiveOperationException e) {
        return Double.NaN;
      }
    };
    monitor.gauge(MetricId.of(name), help, read);
  }

  /**
   * Starts the JFR stream of pinning and submit failures and registers their meters; returns what
   * stops it.
   */
  static Runnable startStream(Monitor monitor) {
    Timer pinned = monitor.timer(MetricId.of(PINNED),
        "Times a virtual thread blocked while pinned to its carrier, longer than 20 ms (JFR)",
        HistogramSettings.TIMER_DEFAULT);
    Counter failed = monitor.counter(MetricId.of(SUBMIT_FAILED),
        "Virtual threads the scheduler could not start or resume (JFR)", "threads");
    RecordingStream stream = new RecordingStream();
    stream.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ofMillis(20));
    stream.enable("jdk.VirtualThreadSubmitFailed");
    stream.setMaxAge(Duration.ofSeconds(10));
    stream.onEvent("jdk.VirtualThreadPinned", e -> pinned.recordNanos(e.getDuration().toNanos()));
    stream.onEvent("jdk.VirtualThreadSubmitFailed", e -> failed.increment());
    stream.startAsync();
    return stream::close;
  }
}
