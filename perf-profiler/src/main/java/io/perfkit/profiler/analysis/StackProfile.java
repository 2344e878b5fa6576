package io.perfkit.profiler.analysis;

import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The stacks of one kind of event in a recording, weighted, and aggregated by method. What the
 * weight is depends on the profile type:
 * <ul>
 *   <li>CPU: samples. CPU-time samples ({@code jdk.CPUTimeSample}, JDK 25+) are used when the
 *       recording has any; otherwise execution samples. The two are never added together.</li>
 *   <li>ALLOCATION: bytes ({@code jdk.ObjectAllocationSample} weight).</li>
 *   <li>LOCK: nanoseconds blocked or waiting (monitor enter, monitor wait, park).</li>
 *   <li>IO: nanoseconds waiting on sockets, files and sleeps.</li>
 * </ul>
 * Streams the file: events are read one at a time and never held.
 */
public final class StackProfile {

  private final ProfileType type;
  private final String eventKind;
  /** Per method: its counters; one record per distinct name. */
  private final Map<String, Method> byName = new HashMap<>();
  /** The parser shares method objects within a chunk: each is resolved to its record once. */
  private final java.util.IdentityHashMap<jdk.jfr.consumer.RecordedMethod, Method> byRef = new java.util.IdentityHashMap<>();
  private final CallTree tree = CallTree.root();
  private final List<Source> sources = new ArrayList<>();
  private String[] path = new String[64];
  private int stamp;
  private long totalWeight;
  private long events;

  /** A method's counters. {@code stamp} marks the last event that counted it, so recursion counts once. */
  private static final class Method {
    final String name;
    final boolean platform;
    long self;
    long total;
    long site;
    int stamp;

    Method(String name) {
      this.name = name;
      int lastDot = name.lastIndexOf('.');
      this.platform = isPlatform(lastDot < 0 ? name : name.substring(0, lastDot));
    }
  }

  /** Where the events came from, for the per-line view, which reads them again on demand. */
  private record Source(Path file, Set<String> kinds, Predicate<RecordedEvent> filter) {}

  private StackProfile(ProfileType type, String eventKind) {
    this.type = type;
    this.eventKind = eventKind;
  }

  /** Reads every event of the type's kind. */
  public static StackProfile read(Path jfr, ProfileType type) throws IOException {
    return read(jfr, type, e -> true);
  }

  /**
   * Reads the events of the type's kind that pass {@code filter}, in one pass. For CPU, the
   * first {@code jdk.CPUTimeSample} found makes the profile start over with CPU-time samples
   * only, so the two kinds are never added together and no second pass is needed.
   */
  public static StackProfile read(Path jfr, ProfileType type, Predicate<RecordedEvent> filter) throws IOException {
    Objects.requireNonNull(type, "type");
    Set<String> kinds = eventKinds(type);
    StackProfile p = new StackProfile(type, String.join(",", kinds));
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        String kind = e.getEventType().getName();
        if (type == ProfileType.CPU && kind.equals(CPU_TIME_SAMPLE) && !kinds.contains(CPU_TIME_SAMPLE)) {
          kinds = Set.of(CPU_TIME_SAMPLE);
          p = new StackProfile(type, CPU_TIME_SAMPLE);
        }
        if (kinds.contains(kind) && filter.test(e)) {
          p.add(e);
        }
      }
    }
    p.sources.add(new Source(jfr, kinds, filter));
    return p;
  }

  private static final String CPU_TIME_SAMPLE = "jdk.CPUTimeSample";

  /** Events on one thread during [from, to]: the request attribution filter. */
  public static Predicate<RecordedEvent> onThreadDuring(long javaThreadId, Instant from, Instant to) {
    return e -> {
      RecordedThread t = eventThread(e);
      return t != null && t.getJavaThreadId() == javaThreadId
          && !e.getStartTime().isBefore(from) && !e.getStartTime().isAfter(to);
    };
  }

  /** The thread an event is about: the sampled thread for samples, else the event's thread. */
  static RecordedThread eventThread(RecordedEvent e) {
    if (e.hasField("sampledThread")) {
      return e.getThread("sampledThread");
    }
    if (e.hasField("eventThread")) {
      return e.getThread("eventThread");
    }
    return null;
  }

  /** The event types a profile type is built from (for CPU, until CPU-time samples show up). */
  static Set<String> eventKinds(ProfileType type) {
    switch (type) {
      case CPU:
        return Set.of("jdk.ExecutionSample");
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

  private long weight(RecordedEvent e) {
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

  private void add(RecordedEvent e) {
    RecordedStackTrace st = e.getStackTrace();
    if (st == null) {
      return;
    }
    List<RecordedFrame> frames = st.getFrames();
    int n = frames.size();
    if (n == 0) {
      return;
    }
    long w = weight(e);
    events++;
    totalWeight += w;
    stamp++;
    if (path.length < n) {
      path = new String[Math.max(n, path.length * 2)];
    }
    Method site = null;
    Method top = null;
    for (int i = 0; i < n; i++) {
      RecordedFrame f = frames.get(i);
      jdk.jfr.consumer.RecordedMethod rm = f.getMethod();
      Method m = byRef.get(rm);
      if (m == null) {
        m = byName.computeIfAbsent(methodName(f), Method::new);
        byRef.put(rm, m);
      }
      if (i == 0) {
        m.self += w;
        top = m;
      }
      if (m.stamp != stamp) {
        m.stamp = stamp;
        m.total += w;
      }
      if (site == null && !m.platform) {
        site = m;
      }
      path[n - 1 - i] = m.name;
    }
    (site != null ? site : top).site += w;
    tree.add(path, n, w);
  }

  /** The merged stacks, root first: the flame graph. */
  public CallTree tree() {
    return tree;
  }

  /**
   * Samples by source line of {@code method} ({@code package.Class.method}), the counterpart of
   * {@code pprof list}; sorted by line, empty when the method was never seen. Reads the
   * recordings again, for this method only.
   *
   * @throws java.io.UncheckedIOException when a recording can no longer be read
   */
  public List<LineStat> lines(String method) {
    Map<Integer, long[]> byLine = new HashMap<>();
    Set<Integer> seen = new HashSet<>();
    for (Source src : sources) {
      try (RecordingFile rf = new RecordingFile(src.file())) {
        while (rf.hasMoreEvents()) {
          RecordedEvent e = rf.readEvent();
          if (!src.kinds().contains(e.getEventType().getName()) || !src.filter().test(e) || e.getStackTrace() == null) {
            continue;
          }
          long w = weight(e);
          seen.clear();
          List<RecordedFrame> frames = e.getStackTrace().getFrames();
          for (int i = 0; i < frames.size(); i++) {
            RecordedFrame f = frames.get(i);
            if (!methodName(f).equals(method)) {
              continue;
            }
            long[] c = byLine.computeIfAbsent(f.getLineNumber(), k -> new long[2]);
            if (i == 0) {
              c[0] += w;
            }
            if (seen.add(f.getLineNumber())) {
              c[1] += w;
            }
          }
        }
      } catch (IOException ex) {
        throw new java.io.UncheckedIOException("cannot read " + src.file() + " again: " + ex.getMessage(), ex);
      }
    }
    List<LineStat> out = new ArrayList<>();
    byLine.forEach((line, v) -> out.add(new LineStat(line, v[0], v[1])));
    out.sort(Comparator.comparingInt(LineStat::line));
    return out;
  }

  /** Every method seen, with its statistics; for diffs. */
  public Map<String, MethodStat> methods() {
    Map<String, MethodStat> out = new HashMap<>();
    for (Method m : byName.values()) {
      out.put(m.name, new MethodStat(m.name, m.self, m.total, pct(m.self), pct(m.total)));
    }
    return out;
  }

  /** Several profiles of one type as one (a set, such as every profile before a deploy). */
  public static StackProfile merge(ProfileType type, List<StackProfile> profiles) {
    StackProfile m = new StackProfile(type, profiles.isEmpty() ? "" : profiles.get(0).eventKind);
    for (StackProfile p : profiles) {
      m.totalWeight += p.totalWeight;
      m.events += p.events;
      for (Method pm : p.byName.values()) {
        Method t = m.byName.computeIfAbsent(pm.name, Method::new);
        t.self += pm.self;
        t.total += pm.total;
        t.site += pm.site;
      }
      m.sources.addAll(p.sources);
      m.tree.addAll(p.tree);
    }
    return m;
  }

  /** Events in [from, to] (by start time), on any thread: a time window. */
  public static Predicate<RecordedEvent> during(Instant from, Instant to) {
    return e -> !e.getStartTime().isBefore(from) && !e.getStartTime().isAfter(to);
  }

  /**
   * For a request's snapshot (labels {@code threadId}, {@code requestStart}, {@code requestEnd}),
   * that thread's events during the request; for any other profile, every event.
   */
  public static Predicate<RecordedEvent> requestFilter(io.perfkit.api.Labels labels) {
    var thread = labels.get(ProfileLabels.THREAD_ID);
    var start = labels.get(ProfileLabels.REQUEST_START);
    var end = labels.get(ProfileLabels.REQUEST_END);
    if (thread.isEmpty() || start.isEmpty() || end.isEmpty()) {
      return e -> true;
    }
    try {
      return onThreadDuring(Long.parseLong(thread.get()), Instant.parse(start.get()), Instant.parse(end.get()));
    } catch (RuntimeException e) {
      return ev -> true;
    }
  }

  /** True when the labels describe a request's snapshot. */
  public static boolean isRequestSnapshot(io.perfkit.api.Labels labels) {
    return labels.get(ProfileLabels.THREAD_ID).isPresent() && labels.get(ProfileLabels.REQUEST_START).isPresent()
        && labels.get(ProfileLabels.REQUEST_END).isPresent();
  }

  /** Events on threads with this name. */
  public static Predicate<RecordedEvent> onThread(String name) {
    return e -> {
      RecordedThread t = eventThread(e);
      return t != null && (name.equals(t.getJavaName()) || name.equals(t.getOSName()));
    };
  }

  /**
   * The most contended locks, heaviest first: monitor classes threads were blocked entering
   * ({@code jdk.JavaMonitorEnter}) and lock classes they parked on ({@code jdk.ThreadPark} with a
   * blocker that is not a condition). Waiting for a signal ({@code Object.wait}, a condition, an
   * idle pool's queue) and parks without a blocker are waits, not contention, and are left out.
   */
  public static List<String> topMonitors(Path jfr, int n) throws IOException {
    Map<String, Long> byClass = new HashMap<>();
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        String kind = e.getEventType().getName();
        String field = kind.equals("jdk.ThreadPark") ? "parkedClass" : kind.equals("jdk.JavaMonitorEnter") ? "monitorClass" : null;
        if (field == null || !e.hasField(field)) {
          continue;
        }
        jdk.jfr.consumer.RecordedClass c = e.getClass(field);
        if (c == null || c.getName().endsWith("$ConditionObject")) {
          continue;
        }
        String name = c.getName();
        byClass.merge(name, Math.max(1, e.getDuration().toNanos()), Long::sum);
      }
    }
    return byClass.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(n).map(Map.Entry::getKey).toList();
  }

  private static final java.util.regex.Pattern LAMBDA = java.util.regex.Pattern.compile("\\$\\$Lambda[^.]*(\\.\\d+)?");

  /**
   * {@code package.Class.method} of a frame. Lambda classes lose their per-run suffix
   * ({@code Foo$$Lambda$410+0x00007f…} becomes {@code Foo$$Lambda}), so the same code has the
   * same name in every recording and diffs line up.
   */
  public static String methodName(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    if (type.contains("$$Lambda")) {
      type = LAMBDA.matcher(type).replaceAll(java.util.regex.Matcher.quoteReplacement("$$Lambda"));
    }
    return type + "." + f.getMethod().getName();
  }

  /** The top {@code n} methods by self weight, heaviest first (ties by name); none with zero self. */
  public List<MethodStat> topSelf(int n) {
    List<MethodStat> all = top(Integer.MAX_VALUE,
        Comparator.comparingLong((MethodStat s) -> s.self()).reversed().thenComparing(MethodStat::method));
    List<MethodStat> out = new ArrayList<>();
    for (MethodStat s : all) {
      if (s.self() == 0 || out.size() == n) {
        break;
      }
      out.add(s);
    }
    return out;
  }

  /**
   * The top {@code n} sites: each event is charged to its first frame outside the platform
   * ({@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.}), so an
   * allocation inside {@code ArrayList.grow} counts against the application method that grew the
   * list. {@code self} holds the site's weight; {@code total} equals it.
   */
  public List<MethodStat> topSites(int n) {
    List<MethodStat> all = new ArrayList<>();
    for (Method m : byName.values()) {
      if (m.site > 0) {
        all.add(new MethodStat(m.name, m.site, m.site, pct(m.site), pct(m.site)));
      }
    }
    all.sort(Comparator.comparingLong((MethodStat s) -> s.self()).reversed().thenComparing(MethodStat::method));
    return all.size() > n ? all.subList(0, n) : all;
  }

  /** True for classes of the Java platform. */
  static boolean isPlatform(String className) {
    return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
        || className.startsWith("sun.") || className.startsWith("com.sun.");
  }

  /** The top {@code n} methods by total weight, heaviest first. */
  public List<MethodStat> topTotal(int n) {
    return top(n, Comparator.comparingLong((MethodStat s) -> s.total()).reversed().thenComparing(MethodStat::method));
  }

  private List<MethodStat> top(int n, Comparator<MethodStat> order) {
    List<MethodStat> all = new ArrayList<>(byName.size());
    for (Method m : byName.values()) {
      all.add(new MethodStat(m.name, m.self, m.total, pct(m.self), pct(m.total)));
    }
    all.sort(order);
    return all.size() > n ? all.subList(0, n) : all;
  }

  private double pct(long w) {
    return totalWeight == 0 ? 0 : 100.0 * w / totalWeight;
  }

  public ProfileType type() {
    return type;
  }

  /** The event types counted, comma-separated. */
  public String eventKind() {
    return eventKind;
  }

  /** Events counted. */
  public long events() {
    return events;
  }

  /** Their total weight. */
  public long totalWeight() {
    return totalWeight;
  }

  /** What the weight is measured in: samples, bytes or nanoseconds. */
  public String unit() {
    switch (type) {
      case ALLOCATION:
        return "bytes";
      case LOCK:
      case IO:
        return "ns";
      default:
        return "samples";
    }
  }

  /** Human form of a weight in this profile's unit. */
  public String format(long weight) {
    switch (type) {
      case ALLOCATION:
        return weight >= 1 << 20 ? String.format(java.util.Locale.ROOT, "%.1f MB", weight / 1048576.0)
            : String.format(java.util.Locale.ROOT, "%.1f KB", weight / 1024.0);
      case LOCK:
      case IO:
        return Duration.ofNanos(weight).toMillis() + " ms";
      default:
        return weight + " samples";
    }
  }
}
