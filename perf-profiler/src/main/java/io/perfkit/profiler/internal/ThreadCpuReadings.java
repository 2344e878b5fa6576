package io.perfkit.profiler.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.FlightRecorder;

/**
 * Emits {@link ThreadCpuEvent}s: JFR calls {@link #emit} once a period on its own thread while a
 * recording has the event enabled; nothing runs otherwise.
 *
 * <h2>Cost</h2>
 * One CPU-time read per live platform thread a period (a {@code clock_gettime} on Linux, under a
 * microsecond), one event per thread that used CPU since the last reading, and a stack for each of
 * the 16 busiest threads that were busy more than 2 % of the interval: a per-thread handshake,
 * not a global safepoint. With 200 threads and a one-second period that is well under a millisecond a second.
 *
 * <h2>Thread safety</h2>
 * {@link #install} is idempotent and thread-safe; {@link #emit} runs on JFR's periodic thread
 * and the baseline {@link #install} takes on the caller's, both under this object's lock.
 */
public final class ThreadCpuReadings {

  /** A reading older than this is a baseline, not an interval: no recording was asking. */
  private static final long STALE_NANOS = 5_000_000_000L;
  private static final int STACK_DEPTH = 128;
  /** Stacks taken per reading at most, of the threads that used the most CPU. */
  private static final int MAX_STACKS = 16;
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static volatile ThreadCpuReadings instance;

  private final com.sun.management.ThreadMXBean threads;
  private final Map<Long, long[]> last = new HashMap<>();  // thread id -> {cpu ns, reading nanoTime}

  private ThreadCpuReadings(com.sun.management.ThreadMXBean threads) {
    this.threads = threads;
  }

  /**
   * Registers the periodic event once per JVM, and takes every thread's CPU time now as the
   * baseline of the first reading, so that a recording starting now has readings from its first
   * period on (a reading older than a few seconds is a baseline only). False when this JVM cannot
   * read thread CPU time.
   */
  public static boolean install() {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean)) {
      return false;
    }
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    if (!bean.isThreadCpuTimeSupported()) {
      return false;
    }
    if (INSTALLED.compareAndSet(false, true)) {
      if (!bean.isThreadCpuTimeEnabled()) {
        bean.setThreadCpuTimeEnabled(true);
      }
      ThreadCpuReadings readings = new ThreadCpuReadings(bean);
      FlightRecorder.addPeriodicEvent(ThreadCpuEvent.class, readings::emit);
      instance = readings;
    }
    ThreadCpuReadings readings = instance;
    if (readings != null) {
      readings.baseline();
    }
    return true;
  }

  /** Every thread's CPU time now, where none is more recent than a period: the start of its next reading. */
  private synchronized void baseline() {
    long now = System.nanoTime();
    Thread[] live = liveThreads();
    long[] ids = new long[live.length];
    for (int i = 0; i < live.length; i++) {
      ids[i] = live[i].getId();
    }
    long[] cpu = threads.getThreadCpuTime(ids);
    for (int i = 0; i < live.length; i++) {
      long[] previous = last.get(ids[i]);
      if (cpu[i] >= 0 && (previous == null || now - previous[1] > STALE_NANOS)) {
        last.put(ids[i], new long[] {cpu[i], now});
      }
    }
  }

  private synchronized void emit() {
    Thread[] live = liveThreads();
    long now = System.nanoTime();
    long[] ids = new long[live.length];
    for (int i = 0; i < live.length; i++) {
      ids[i] = live[i].getId();
    }
    long[] cpu = threads.getThreadCpuTime(ids);
    Map<Long, long[]> seen = new HashMap<>(live.length * 2);
    List<ThreadCpuEvent> events = new ArrayList<>();
    List<Thread> eventThreads = new ArrayList<>();
    for (int i = 0; i < live.length; i++) {
      if (cpu[i] < 0) {
        continue;  // ended meanwhile
      }
      long[] previous = last.get(ids[i]);
      seen.put(ids[i], new long[] {cpu[i], now});
      if (previous == null || now - previous[1] > STALE_NANOS) {
        continue;
      }
      long used = cpu[i] - previous[0];
      long interval = now - previous[1];
      if (used <= 0 || interval <= 0) {
        continue;
      }
      ThreadCpuEvent e = new ThreadCpuEvent();
      e.sampledThread = live[i];
      e.cpuTime = used;
      e.interval = interval;
      events.add(e);
      eventThreads.add(live[i]);
    }
    // stacks of the busiest threads only: each is a handshake with that thread
    Integer[] order = new Integer[events.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Long.compare(events.get(y).cpuTime, events.get(x).cpuTime));
    for (int k = 0; k < order.length && k < MAX_STACKS; k++) {
      ThreadCpuEvent e = events.get(order[k]);
      Thread t = eventThreads.get(order[k]);
      if (e.cpuTime * 50 > e.interval && t != Thread.currentThread()) {
        e.stack = stack(t);
      }
    }
    events.forEach(ThreadCpuEvent::commit);
    last.clear();
    last.putAll(seen);
  }

  private static String stack(Thread t) {
    StackTraceElement[] frames = t.getStackTrace();
    if (frames.length == 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < frames.length && i < STACK_DEPTH; i++) {
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(frames[i].getClassName()).append('.').append(frames[i].getMethodName());
    }
    return sb.toString();
  }

  /** Every live platform thread, without a safepoint: the root group's enumeration. */
  private static Thread[] liveThreads() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] buffer = new Thread[Math.max(16, root.activeCount() * 2)];
    int n;
    while ((n = root.enumerate(buffer, true)) == buffer.length) {
      buffer = new Thread[buffer.length * 2];
    }
    Thread[] out = new Thread[n];
    System.arraycopy(buffer, 0, out, 0, n);
    return out;
  }
}
