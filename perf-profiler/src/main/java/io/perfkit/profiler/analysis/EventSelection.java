package io.perfkit.profiler.analysis;

import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileType;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedThread;

/**
 * Which events of a recording make a profile of each type, what one event weighs, and the
 * filters that narrow them to a thread, a time window or one request:
 * <ul>
 *   <li>CPU: samples. CPU-time samples ({@code jdk.CPUTimeSample}, JDK 25+) are used when the
 *       recording has any; otherwise execution samples. The two are never added together.</li>
 *   <li>ALLOCATION: bytes ({@code jdk.ObjectAllocationSample} weight).</li>
 *   <li>LOCK: nanoseconds blocked or waiting (monitor enter, monitor wait, park).</li>
 *   <li>IO: nanoseconds waiting on sockets, files and sleeps.</li>
 *   <li>HEAP: old-object samples, weighted by their size: {@code objectSize} where the JVM
 *       records it (JDK 21 and later), else the mean instance size of the object's class from
 *       the recording's class histogram ({@code jdk.ObjectCount}), else the array's element count
 *       times eight plus a header, else sixteen bytes.</li>
 * </ul>
 */
public final class EventSelection {

  /** JFR's CPU-time sample (JDK 25+), preferred over execution samples when present. */
  public static final String CPU_TIME_SAMPLE = "jdk.CPUTimeSample";

  /** JFR's execution sample: threads running Java code, every period, on every JDK. */
  public static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

  /** JFR's sample of threads in native code, which the execution sampler skips. */
  public static final String NATIVE_SAMPLE = "jdk.NativeMethodSample";

  /** CPU-time samples the JVM could not take (JDK 25+). */
  public static final String CPU_TIME_SAMPLES_LOST = "jdk.CPUTimeSamplesLost";

  /** Perfkit's reading of each thread's CPU time, what CPU profiles are checked against. */
  public static final String THREAD_CPU = "perfkit.ThreadCpu";

  private static final java.util.regex.Pattern PERIOD = java.util.regex.Pattern.compile("\\s*(\\d+)\\s*(ns|us|ms|s)\\s*");

  private EventSelection() {}

  /** The event types a profile type is built from (for CPU, until CPU-time samples show up). */
  public static Set<String> eventKinds(ProfileType type) {
    switch (type) {
      case CPU:
        return Set.of(EXECUTION_SAMPLE);
      case ALLOCATION:
        return Set.of("jdk.ObjectAllocationSample");
      case LOCK:
        return Set.of("jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.ThreadPark");
      case IO:
        return Set.of("jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite", "jdk.ThreadSleep");
      case HEAP:
        return Set.of("jdk.OldObjectSample");
      default:
        return Set.of();
    }
  }

  /**
   * A JFR period or throttle setting such as {@code 10 ms} or {@code 20ms}; empty for anything
   * else (a rate such as {@code 500/s}, {@code everyChunk}, {@code off}).
   */
  public static java.util.Optional<Duration> parsePeriod(String value) {
    java.util.regex.Matcher m = value == null ? null : PERIOD.matcher(value);
    if (m == null || !m.matches()) {
      return java.util.Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ns":
        return java.util.Optional.of(Duration.ofNanos(n));
      case "us":
        return java.util.Optional.of(Duration.ofNanos(n * 1000));
      case "ms":
        return java.util.Optional.of(Duration.ofMillis(n));
      default:
        return java.util.Optional.of(Duration.ofSeconds(n));
    }
  }

  /** What one event of a profile of {@code type} weighs, in {@link #unit(ProfileType)}. */
  public static long weight(ProfileType type, RecordedEvent e) {
    switch (type) {
      case ALLOCATION:
        return e.hasField("weight") ? Math.max(1, e.getLong("weight")) : 1;
      case LOCK:
      case IO:
        return Math.max(1, e.getDuration().toNanos());
      default:
        return 1;
    }
  }

  /**
   * The size of an old object sample, bytes: see the class documentation.
   *
   * @param meanSizes mean instance size by class name, from the recording's class histogram
   */
  public static long heapWeight(RecordedEvent e, Map<String, Long> meanSizes) {
    if (e.hasField("objectSize")) {
      long size = e.getLong("objectSize");
      if (size > 0) {
        return size;
      }
    }
    RecordedObject object = e.getValue("object");
    RecordedClass c = object == null ? null : object.getClass("type");
    Long mean = c == null ? null : meanSizes.get(c.getName());
    if (mean != null && mean > 0) {
      return mean;
    }
    int elements = e.hasField("arrayElements") ? e.getInt("arrayElements") : Integer.MIN_VALUE;
    return elements >= 0 ? 16L + 8L * elements : 16;
  }

  /** What weights are measured in: samples, bytes or nanoseconds. */
  public static String unit(ProfileType type) {
    switch (type) {
      case ALLOCATION:
      case HEAP:
        return "bytes";
      case LOCK:
      case IO:
        return "ns";
      default:
        return "samples";
    }
  }

  /** Human form of a weight in the type's unit. */
  public static String format(ProfileType type, long weight) {
    switch (type) {
      case ALLOCATION:
      case HEAP:
        return weight >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", weight / 1048576.0)
            : String.format(Locale.ROOT, "%.1f KB", weight / 1024.0);
      case LOCK:
      case IO:
        return Duration.ofNanos(weight).toMillis() + " ms";
      default:
        return weight + " samples";
    }
  }

  /** The thread an event is about: the sampled thread for samples, else the event's thread. */
  public static RecordedThread eventThread(RecordedEvent e) {
    if (e.hasField("sampledThread")) {
      return e.getThread("sampledThread");
    }
    if (e.hasField("eventThread")) {
      return e.getThread("eventThread");
    }
    return null;
  }

  /**
   * Events in a time window {@code [from, to]} (by start time), on one thread or on any: the
   * filter of a request's snapshot and of a time slice. Unlike an arbitrary predicate, a window
   * tells a CPU profile which part of each CPU reading falls inside it.
   */
  public static final class Window implements Predicate<RecordedEvent> {
    private final long javaThreadId;  // -1: any thread
    private final Instant from;
    private final Instant to;
    private final Duration threadCpu;  // null: unknown

    private Window(long javaThreadId, Instant from, Instant to, Duration threadCpu) {
      this.javaThreadId = javaThreadId;
      this.from = java.util.Objects.requireNonNull(from, "from");
      this.to = java.util.Objects.requireNonNull(to, "to");
      this.threadCpu = threadCpu;
    }

    /**
     * The same window, with the CPU time its thread used in it as measured by whoever timed it
     * (a request profiler with thread CPU time on): a CPU profile is checked against that.
     */
    public Window withThreadCpu(Duration cpu) {
      if (javaThreadId < 0 || cpu.isNegative()) {
        throw new IllegalArgumentException("thread CPU " + cpu + " needs a window on one thread and a non-negative time");
      }
      return new Window(javaThreadId, from, to, cpu);
    }

    /** The window's thread, or -1 for every thread. */
    public long javaThreadId() {
      return javaThreadId;
    }

    /** The CPU its thread used in it, when known. */
    public java.util.Optional<Duration> threadCpu() {
      return java.util.Optional.ofNullable(threadCpu);
    }

    @Override
    public boolean test(RecordedEvent e) {
      return onThread(e) && !e.getStartTime().isBefore(from) && !e.getStartTime().isAfter(to);
    }

    /** True when the event is about the window's thread (any event, for a window on every thread). */
    public boolean onThread(RecordedEvent e) {
      if (javaThreadId < 0) {
        return true;
      }
      RecordedThread t = eventThread(e);
      return t != null && t.getJavaThreadId() == javaThreadId;
    }

    public Instant from() {
      return from;
    }

    public Instant to() {
      return to;
    }
  }

  /** Events on one thread during [from, to]: the request attribution filter. */
  public static Window onThreadDuring(long javaThreadId, Instant from, Instant to) {
    return new Window(javaThreadId, from, to, null);
  }

  /** Events in [from, to] (by start time), on any thread: a time window. */
  public static Window during(Instant from, Instant to) {
    return new Window(-1, from, to, null);
  }

  /** Events on threads with this name. */
  public static Predicate<RecordedEvent> onThread(String name) {
    return e -> {
      RecordedThread t = eventThread(e);
      return t != null && (name.equals(t.getJavaName()) || name.equals(t.getOSName()));
    };
  }

  /**
   * For a request's snapshot (labels {@code thread_id}, {@code request_start}, {@code request_end}),
   * that thread's events during the request, with its CPU time in it when the labels have
   * {@code cpu_ms}; for any other profile, every event.
   */
  public static Predicate<RecordedEvent> requestFilter(Labels labels) {
    var thread = labels.get(ProfileLabels.THREAD_ID);
    var start = labels.get(ProfileLabels.REQUEST_START);
    var end = labels.get(ProfileLabels.REQUEST_END);
    if (thread.isEmpty() || start.isEmpty() || end.isEmpty()) {
      return e -> true;
    }
    try {
      Window w = onThreadDuring(Long.parseLong(thread.get()), Instant.parse(start.get()), Instant.parse(end.get()));
      var cpu = labels.get(ProfileLabels.CPU_MS);
      return cpu.isPresent() ? w.withThreadCpu(Duration.ofMillis(Long.parseLong(cpu.get()))) : w;
    } catch (RuntimeException e) {
      return ev -> true;
    }
  }

  /** True when the labels describe a request's snapshot. */
  public static boolean isRequestSnapshot(Labels labels) {
    return labels.get(ProfileLabels.THREAD_ID).isPresent() && labels.get(ProfileLabels.REQUEST_START).isPresent()
        && labels.get(ProfileLabels.REQUEST_END).isPresent();
  }

  /**
   * The id a recording gives an event type, to match its {@code jdk.ActiveSetting} events (a
   * sampler's period) to it; -1 when the recording has no such type.
   */
  static long typeId(jdk.jfr.consumer.RecordingFile rf, String eventType) throws java.io.IOException {
    for (jdk.jfr.EventType t : rf.readEventTypes()) {
      if (t.getName().equals(eventType)) {
        return t.getId();
      }
    }
    return -1;
  }
}
