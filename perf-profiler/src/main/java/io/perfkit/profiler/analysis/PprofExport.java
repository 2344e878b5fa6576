package io.perfkit.profiler.analysis;

import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Writes a profile as gzipped {@code profile.proto}, the format of Go's pprof, which
 * {@code go tool pprof}, Pyroscope and Grafana read (github.com/google/pprof/proto/profile.proto).
 *
 * <p><b>From a recording</b> ({@link #write(Path, ProfileType, Predicate, OutputStream)}), the
 * output keeps what JFR knew of each event:
 * <ul>
 *   <li>Locations carry line numbers: one location per method and line, one function per method
 *       ({@code package.Class.method}, as {@link FrameNames} names it). A function's file is the
 *       source its class most likely came from, {@code com/acme/Foo.java} for
 *       {@code com.acme.Foo$Inner}: JFR records no file name, so this is derived from the class
 *       name, and is wrong for classes compiled from other languages. Its start line is 0
 *       (unknown): JFR records none. Frame types (interpreted, compiled, inlined) are not kept.</li>
 *   <li>Samples carry labels: {@code thread} (the thread's name, or {@code #} and its Java thread
 *       id for an unnamed thread, as the request profiler names virtual threads) and the number
 *       {@code thread_id}; and, for events on the thread of a {@code perfkit.Request} event with a
 *       trace id and inside its span of time, {@code trace_id} and {@code span_id}. The request's
 *       thread is the one that committed its event, the thread it began on unless it ended
 *       elsewhere. Identical stacks with identical labels are one sample.</li>
 *   <li>Sample types: CPU {@code samples/count} and {@code cpu/nanoseconds} (samples × the
 *       sampling period, with {@code period_type} {@code cpu/nanoseconds}) when the recording
 *       states the period, else {@code samples/count} alone; the samples are counted as JFR took
 *       them (JDK 25's CPU-time samples when the recording has any, else execution samples), not
 *       corrected to each thread's CPU time as {@link StackProfile} corrects them. ALLOCATION
 *       {@code alloc_space/bytes}, each sample weighted by the bytes it stands for (JFR counts no
 *       objects). LOCK {@code contentions/count} and {@code delay/nanoseconds}. IO
 *       {@code events/count} and {@code delay/nanoseconds}. HEAP {@code inuse_objects/count} and
 *       {@code inuse_space/bytes} (sized as {@link EventSelection} says), the names
 *       {@code go tool pprof -sample_index=inuse_space} expects, {@code inuse_space} the
 *       default.</li>
 *   <li>{@code time_nanos} and {@code duration_nanos}: a {@link EventSelection.Window}'s span, or
 *       else from the recording's first event to its last.</li>
 * </ul>
 *
 * <p><b>From a {@link StackProfile}</b> ({@link #write(StackProfile, long, long, long,
 * OutputStream)}), which keeps neither lines nor threads: one location per method, no labels, and
 * the profile's own weights: CPU {@code samples/count} and, with a known period, {@code cpu/nanoseconds}, ALLOCATION
 * {@code alloc_space/bytes}, HEAP {@code inuse_objects/count} and {@code inuse_space/bytes}, LOCK
 * and IO {@code delay/nanoseconds}.
 *
 * <p>Both read their input once and hold the output's stacks in memory; neither closes the stream.
 */
public final class PprofExport {

  /** The setting of JFR's CPU-time sample that gives its period. */
  private static final String THROTTLE = "throttle";

  private PprofExport() {}

  /**
   * Writes {@code profile} to {@code out} (not closed): one location per method, no labels.
   *
   * @param periodNanos the CPU sampling period, to turn samples into CPU time ({@link StackProfile#periodNanos()});
   *     0 or less writes CPU samples as counts only (ignored for other types)
   * @param startNanos the profile's start, epoch nanoseconds
   * @param durationNanos its length
   */
  public static void write(StackProfile profile, long periodNanos, long startNanos, long durationNanos, OutputStream out)
      throws IOException {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(out, "out");
    ProfileType type = profile.type();
    PprofBuilder b;
    boolean cpuTime = type == ProfileType.CPU && periodNanos > 0;
    if (cpuTime) {
      b = new PprofBuilder("samples", "count", "cpu", "nanoseconds").period("cpu", "nanoseconds", periodNanos);
    } else if (type == ProfileType.CPU) {
      b = new PprofBuilder("samples", "count");  // without a period, samples cannot be told in time
    } else if (type == ProfileType.HEAP) {
      b = new PprofBuilder("inuse_objects", "count", "inuse_space", "bytes").defaultSampleType("inuse_space");
    } else if (type == ProfileType.ALLOCATION) {
      b = new PprofBuilder("alloc_space", "bytes");
    } else {
      b = new PprofBuilder("delay", "nanoseconds");
    }
    int noLabels = b.labelSet(List.of());
    collect(profile.tree(), new ArrayList<>(), b, noLabels, type, periodNanos);
    b.write(startNanos, durationNanos, out);
  }

  private static void collect(CallTree node, List<Long> leafFirstPath, PprofBuilder b, int noLabels, ProfileType type,
      long period) {
    for (CallTree c : node.children()) {
      String name = c.name();
      leafFirstPath.add(0, b.location(b.function(name, sourceFile(name, true)), 0));
      if (c.self() > 0) {
        long[] path = leafFirstPath.stream().mapToLong(Long::longValue).toArray();
        if (type == ProfileType.CPU && period > 0) {
          b.add(path, noLabels, c.self(), c.self() * period);
        } else if (type == ProfileType.HEAP) {
          b.add(path, noLabels, c.selfEvents(), c.self());
        } else {
          b.add(path, noLabels, c.self());
        }
      }
      collect(c, leafFirstPath, b, noLabels, type, period);
      leafFirstPath.remove(0);
    }
  }

  /**
   * Writes the events of {@code type} in {@code recording} to {@code out} (not closed), with line
   * numbers and labels (see the class documentation).
   *
   * @throws IllegalArgumentException for {@link ProfileType#THREAD_DUMP}, which has no sampled stacks
   */
  public static void write(Path recording, ProfileType type, OutputStream out) throws IOException {
    write(recording, type, e -> true, out);
  }

  /**
   * Writes the events of {@code type} in {@code recording} that pass {@code filter} to {@code out}
   * (not closed), with line numbers and labels (see the class documentation). The events taken and
   * what each weighs are {@link StackProfile}'s; for a stored request snapshot, pass
   * {@link EventSelection#requestFilter}.
   *
   * @throws IllegalArgumentException for {@link ProfileType#THREAD_DUMP}, which has no sampled stacks
   * @throws IOException when the recording cannot be read
   */
  public static void write(Path recording, ProfileType type, Predicate<RecordedEvent> filter, OutputStream out)
      throws IOException {
    Objects.requireNonNull(recording, "recording");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(out, "out");
    if (type == ProfileType.THREAD_DUMP) {
      throw new IllegalArgumentException("a " + type.wireName() + " profile has no sampled stacks to write as pprof; "
          + "use cpu, allocation, lock, io or heap");
    }
    RecordingFacts facts = RecordingFacts.read(recording, type, filter);
    Set<String> kinds = facts.kinds;
    long period = facts.periodNanos;
    PprofBuilder b = builder(type, period);
    Frames frames = new Frames(b);
    try (RecordingFile rf = new RecordingFile(recording)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (!kinds.contains(e.getEventType().getName())) {
          continue;
        }
        RecordedThread t = EventSelection.eventThread(e);
        if (type == ProfileType.CPU && t == null) {
          continue;
        }
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty() || !filter.test(e)) {
          continue;
        }
        long[] stack = frames.leafFirst(st.getFrames());
        int labels = b.labelSet(facts.labels(t, e.getStartTime()));
        switch (type) {
          case CPU:
            if (period > 0) {
              b.add(stack, labels, 1, period);
            } else {
              b.add(stack, labels, 1);
            }
            break;
          case ALLOCATION:
            b.add(stack, labels, EventSelection.weight(type, e));
            break;
          case HEAP:
            b.add(stack, labels, 1, EventSelection.heapWeight(e, facts.meanSizes));
            break;
          default:
            b.add(stack, labels, 1, EventSelection.weight(type, e));
            break;
        }
      }
    }
    b.write(facts.startNanos, facts.durationNanos, out);
  }

  /** The sample types of a recording's export of {@code type}; {@code periodNanos} 0 when unknown. */
  private static PprofBuilder builder(ProfileType type, long periodNanos) {
    switch (type) {
      case CPU:
        return periodNanos > 0
            ? new PprofBuilder("samples", "count", "cpu", "nanoseconds").period("cpu", "nanoseconds", periodNanos)
            : new PprofBuilder("samples", "count");
      case ALLOCATION:
        return new PprofBuilder("alloc_space", "bytes");
      case LOCK:
        return new PprofBuilder("contentions", "count", "delay", "nanoseconds");
      case IO:
        return new PprofBuilder("events", "count", "delay", "nanoseconds");
      case HEAP:
        return new PprofBuilder("inuse_objects", "count", "inuse_space", "bytes").defaultSampleType("inuse_space");
      default:
        throw new IllegalArgumentException("no pprof sample types for a " + type.wireName() + " profile");
    }
  }

  /**
   * The file a class most likely came from: {@code com/acme/Foo.java} for
   * {@code com.acme.Foo$Inner} (or, with {@code withMethod}, for {@code com.acme.Foo$Inner.run});
   * {@code ""} for native and kernel frames and array classes, which have none.
   */
  static String sourceFile(String name, boolean withMethod) {
    if (name.isEmpty() || name.startsWith("[")) {
      return "";
    }
    String cls = name;
    if (withMethod) {
      int lastDot = name.lastIndexOf('.');
      if (lastDot <= 0) {
        return "";
      }
      cls = name.substring(0, lastDot);
    }
    // the first '$' after a name's first letter ends the top-level class: nested classes, lambdas
    // and hidden classes (whose JFR names can hold dots after it) live in its file
    int nested = cls.indexOf('$');
    if (nested > 0 && cls.charAt(nested - 1) != '.') {
      cls = cls.substring(0, nested);
    }
    return cls.replace('.', '/') + ".java";
  }

  /** Functions and locations of one export, each JFR method resolved once. */
  private static final class Frames {
    private final PprofBuilder b;
    /** The parser shares method objects within a chunk: each is resolved to its function once. */
    private final Map<RecordedMethod, Long> functions = new IdentityHashMap<>();

    Frames(PprofBuilder b) {
      this.b = b;
    }

    long[] leafFirst(List<RecordedFrame> frames) {
      long[] out = new long[frames.size()];
      for (int i = 0; i < out.length; i++) {
        RecordedFrame f = frames.get(i);
        Long fn = functions.get(f.getMethod());
        if (fn == null) {
          String name = FrameNames.methodName(f);
          boolean java = !name.startsWith(FrameNames.NATIVE) && !name.startsWith(FrameNames.KERNEL);
          fn = b.function(name, java ? sourceFile(f.getMethod().getType().getName(), false) : "");
          functions.put(f.getMethod(), fn);
        }
        out[i] = b.location(fn, f.getLineNumber());
      }
      return out;
    }
  }

  /** A {@code perfkit.Request} event with a trace: its span of time, epoch nanoseconds, and ids. */
  private record Request(long start, long end, String traceId, String spanId) {}

  /**
   * What the export needs to know before it reads the samples: the event kinds taken, the
   * sampling period, the requests by thread, the heap's mean sizes and the profile's span.
   */
  private static final class RecordingFacts {
    Set<String> kinds;
    long periodNanos;
    Map<String, Long> meanSizes = Map.of();
    long startNanos;
    long durationNanos;
    /** Per Java thread id: its traced requests by start, and the latest end up to each. */
    private final Map<Long, List<Request>> requests = new HashMap<>();
    private final Map<Long, long[]> maxEnds = new HashMap<>();

    static RecordingFacts read(Path recording, ProfileType type, Predicate<RecordedEvent> filter) throws IOException {
      RecordingFacts f = new RecordingFacts();
      boolean cpu = type == ProfileType.CPU;
      boolean anyCpuTime = false;
      long executionPeriod = Long.MAX_VALUE;
      long cpuTimePeriod = Long.MAX_VALUE;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      Map<String, Long> sizes = new HashMap<>();
      try (RecordingFile rf = new RecordingFile(recording)) {
        long executionType = EventSelection.typeId(rf, EventSelection.EXECUTION_SAMPLE);
        long cpuTimeType = EventSelection.typeId(rf, EventSelection.CPU_TIME_SAMPLE);
        while (rf.hasMoreEvents()) {
          RecordedEvent e = rf.readEvent();
          first = Math.min(first, epochNanos(e.getStartTime()));
          last = Math.max(last, epochNanos(e.getEndTime()));
          switch (e.getEventType().getName()) {
            case "jdk.ActiveSetting":
              if (cpu) {
                long id = e.getLong("id");
                String name = e.getString("name");
                if (id == executionType && "period".equals(name)) {
                  executionPeriod = Math.min(executionPeriod, periodNanos(e.getString("value")));
                } else if (id == cpuTimeType && THROTTLE.equals(name)) {
                  cpuTimePeriod = Math.min(cpuTimePeriod, periodNanos(e.getString("value")));
                }
              }
              break;
            case EventSelection.CPU_TIME_SAMPLE:
              if (cpu && !anyCpuTime) {
                RecordedStackTrace st = e.getStackTrace();
                anyCpuTime = EventSelection.eventThread(e) != null && st != null && !st.getFrames().isEmpty()
                    && filter.test(e);
              }
              break;
            case "jdk.ObjectCount":
              if (type == ProfileType.HEAP) {
                RecordedClass c = e.getClass("objectClass");
                long count = e.getLong("count");
                if (c != null && count > 0) {
                  sizes.put(c.getName(), e.getLong("totalSize") / count);
                }
              }
              break;
            case "perfkit.Request":
              f.request(e);
              break;
            default:
              break;
          }
        }
      }
      if (cpu) {
        f.kinds = Set.of(anyCpuTime ? EventSelection.CPU_TIME_SAMPLE : EventSelection.EXECUTION_SAMPLE);
        long p = anyCpuTime ? cpuTimePeriod : executionPeriod;
        f.periodNanos = p == Long.MAX_VALUE ? 0 : p;
      } else {
        f.kinds = EventSelection.eventKinds(type);
      }
      f.meanSizes = sizes;
      if (filter instanceof EventSelection.Window w) {
        f.startNanos = epochNanos(w.from());
        f.durationNanos = Math.max(0, epochNanos(w.to()) - f.startNanos);
      } else if (first <= last) {
        f.startNanos = first;
        f.durationNanos = last - first;
      }
      f.index();
      return f;
    }

    private void request(RecordedEvent e) {
      RecordedThread t = e.getThread();
      String traceId = e.hasField("traceId") ? e.getString("traceId") : null;
      if (t == null || traceId == null || traceId.isEmpty()) {
        return;
      }
      String spanId = e.hasField("spanId") ? e.getString("spanId") : null;
      requests.computeIfAbsent(t.getJavaThreadId(), k -> new ArrayList<>())
          .add(new Request(epochNanos(e.getStartTime()), epochNanos(e.getEndTime()), traceId, spanId));
    }

    /** Sorts each thread's requests by start and notes the latest end up to each, for {@link #requestAt}. */
    private void index() {
      requests.forEach((thread, list) -> {
        list.sort((a, c) -> Long.compare(a.start(), c.start()));
        long[] ends = new long[list.size()];
        long max = Long.MIN_VALUE;
        for (int i = 0; i < ends.length; i++) {
          max = Math.max(max, list.get(i).end());
          ends[i] = max;
        }
        maxEnds.put(thread, ends);
      });
    }

    /** The innermost (latest begun) traced request on {@code thread} at {@code time}, or null. */
    private Request requestAt(long thread, long time) {
      List<Request> list = requests.get(thread);
      if (list == null) {
        return null;
      }
      long[] ends = maxEnds.get(thread);
      int lo = 0;
      int hi = list.size() - 1;
      int at = -1;  // the last request begun at or before time
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (list.get(mid).start() <= time) {
          at = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      for (int i = at; i >= 0 && ends[i] >= time; i--) {
        if (list.get(i).end() >= time) {
          return list.get(i);
        }
      }
      return null;
    }

    /** The labels of an event on {@code t} (null: no thread) at {@code start}. */
    List<PprofBuilder.Label> labels(RecordedThread t, Instant start) {
      if (t == null) {
        return List.of();
      }
      List<PprofBuilder.Label> out = new ArrayList<>(4);
      String name = threadName(t);
      if (!name.isEmpty()) {
        out.add(PprofBuilder.Label.text(ProfileLabels.THREAD, name));
      }
      long id = t.getJavaThreadId();
      if (id > 0) {
        out.add(PprofBuilder.Label.number(ProfileLabels.THREAD_ID, id));
        Request r = requests.isEmpty() ? null : requestAt(id, epochNanos(start));
        if (r != null) {
          out.add(PprofBuilder.Label.text(ProfileLabels.TRACE_ID, r.traceId()));
          if (r.spanId() != null && !r.spanId().isEmpty()) {
            out.add(PprofBuilder.Label.text(ProfileLabels.SPAN_ID, r.spanId()));
          }
        }
      }
      return out;
    }
  }

  /** The thread's Java name; {@code #id} for an unnamed Java thread; its OS name for any other. */
  private static String threadName(RecordedThread t) {
    String name = t.getJavaName();
    if (name != null && !name.isEmpty()) {
      return name;
    }
    if (t.getJavaThreadId() > 0) {
      return "#" + t.getJavaThreadId();
    }
    String os = t.getOSName();
    return os == null ? "" : os;
  }

  /** A JFR period setting in nanoseconds; {@link Long#MAX_VALUE} for anything else (a rate, {@code off}). */
  private static long periodNanos(String value) {
    return EventSelection.parsePeriod(value).map(Duration::toNanos).filter(n -> n > 0).orElse(Long.MAX_VALUE);
  }

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
