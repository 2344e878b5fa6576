package io.perfkit.profiler.analysis;

import io.perfkit.api.storage.ProfileType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The stacks of one kind of event in a recording, weighted, and aggregated by method and into a
 * call tree, with the rankings read from them (top by self, by total, by allocation site). Which
 * events count and what each weighs is {@link EventSelection}'s; the per-line view reads the
 * recordings again ({@link #lines}); lock contention by class is {@link LockContention}'s.
 * Streams the file: events are read one at a time and never held.
 *
 * <p><b>One class.</b> The readers ({@code read}, {@code readCpu}, {@link #merge}) and the rankings
 * share private state: the {@code Method} records in {@code byName}, {@code tree} and
 * {@code totalWeight}. {@code addPath} adds each stack's weight to all three in one step, so every
 * share and the flame graph rest on the same total. As one class, nothing public writes a profile
 * once it is returned; a separate builder would need those records opened to it.
 */
public final class StackProfile {

  /** Fewer samples than this, and {@link #fewSamples()} warns. */
  public static final int FEW_SAMPLES = 50;

  private final ProfileType type;
  private String eventKind;
  /** Per method: its counters; one record per distinct name. */
  private final Map<String, Method> byName = new HashMap<>();
  /** The parser shares method objects within a chunk: each is resolved to its record once. */
  private final java.util.IdentityHashMap<jdk.jfr.consumer.RecordedMethod, Method> byRef = new java.util.IdentityHashMap<>();
  private final CallTree tree = CallTree.root();
  private final List<LineView.Source> sources = new ArrayList<>();
  private String[] path = new String[64];
  private int stamp;
  private long totalWeight;
  private Map<String, Long> meanSizes;  // HEAP only
  private CpuCoverage coverage;  // CPU only, when the recording has CPU readings
  private long events;
  /** CPU only: the sampling period each sample stands for, 0 unknown, -1 when merged profiles disagree. */
  private long periodNanos;

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
      this.platform = FrameNames.isPlatform(lastDot < 0 ? name : name.substring(0, lastDot));
    }
  }

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
   * samples are gathered per thread and checked against each thread's CPU time when the
   * recording has Perfkit's CPU readings ({@link #coverage()}); JDK 25's CPU-time samples
   * ({@code jdk.CPUTimeSample}) are used when the recording has any, else execution samples
   * corrected to each thread's CPU time. The two kinds are never added together.
   */
  public static StackProfile read(Path jfr, ProfileType type, Predicate<RecordedEvent> filter) throws IOException {
    Objects.requireNonNull(type, "type");
    if (type == ProfileType.CPU) {
      return readCpu(jfr, filter);
    }
    Set<String> kinds = EventSelection.eventKinds(type);
    StackProfile p = new StackProfile(type, String.join(",", kinds));
    if (type == ProfileType.HEAP) {
      p.meanSizes = meanInstanceSizes(jfr);
    }
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (kinds.contains(e.getEventType().getName()) && filter.test(e)) {
          p.add(e, p.meanSizes == null ? EventSelection.weight(type, e) : EventSelection.heapWeight(e, p.meanSizes));
        }
      }
    }
    p.sources.add(new LineView.Source(jfr, kinds, filter));
    return p;
  }

  private static StackProfile readCpu(Path jfr, Predicate<RecordedEvent> filter) throws IOException {
    StackProfile p = new StackProfile(ProfileType.CPU, EventSelection.EXECUTION_SAMPLE);
    CpuAttribution execution = new CpuAttribution(EventSelection.EXECUTION_SAMPLE, true);
    CpuAttribution cpuTime = new CpuAttribution(EventSelection.CPU_TIME_SAMPLE, false);
    if (filter instanceof EventSelection.Window w) {
      execution.window(w.from(), w.to());
      cpuTime.window(w.from(), w.to());
      w.threadCpu().ifPresent(cpu -> {
        execution.knownCpu(w.javaThreadId(), cpu);
        cpuTime.knownCpu(w.javaThreadId(), cpu);
      });
    }
    boolean anyCpuTime = false;
    try (RecordingFile rf = new RecordingFile(jfr)) {
      long executionType = EventSelection.typeId(rf, EventSelection.EXECUTION_SAMPLE);
      long cpuTimeType = EventSelection.typeId(rf, EventSelection.CPU_TIME_SAMPLE);
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        String kind = e.getEventType().getName();
        // each accessor below converts or looks up anew: every one is called once per event
        java.time.Instant start = null;
        if (!kind.equals(EventSelection.THREAD_CPU)) {
          start = e.getStartTime();
          execution.seen(start);
          cpuTime.seen(start);
        }
        switch (kind) {
          case EventSelection.EXECUTION_SAMPLE:
          case EventSelection.CPU_TIME_SAMPLE:
          case EventSelection.NATIVE_SAMPLE: {
            RecordedThread t = EventSelection.eventThread(e);
            RecordedStackTrace st = t == null ? null : e.getStackTrace();
            List<RecordedFrame> frames = st == null ? List.of() : st.getFrames();
            if (frames.isEmpty() || !filter.test(e)) {
              break;
            }
            String[] stack = p.topFirst(frames);
            if (kind.equals(EventSelection.NATIVE_SAMPLE)) {
              execution.nativeSample(t.getJavaThreadId(), t.getJavaName(), stack);
            } else if (kind.equals(EventSelection.EXECUTION_SAMPLE)) {
              execution.sample(t.getJavaThreadId(), t.getJavaName(), stack, start, false);
            } else {
              anyCpuTime = true;
              cpuTime.sample(t.getJavaThreadId(), t.getJavaName(), stack, start,
                  e.hasField("biased") && e.getBoolean("biased"));
            }
            break;
          }
          case EventSelection.THREAD_CPU: {
            RecordedThread t = EventSelection.eventThread(e);
            // in a window, a reading counts for the part of its interval inside it
            boolean selected = filter instanceof EventSelection.Window w ? w.onThread(e) : filter.test(e);
            if (t == null || !selected) {
              break;
            }
            String stack = e.getString("stack");
            java.util.Optional<String[]> frames = stack == null || stack.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(p.intern(stack.split("\n")));
            java.time.Duration interval = e.getDuration("interval");
            java.time.Duration used = e.getDuration("cpuTime");
            execution.reading(t.getJavaThreadId(), t.getJavaName(), e.getStartTime(), interval, used, frames);
            cpuTime.reading(t.getJavaThreadId(), t.getJavaName(), e.getStartTime(), interval, used, frames);
            break;
          }
          case "jdk.ActiveSetting": {
            long id = e.getLong("id");
            String name = e.getString("name");
            if (id == executionType && "period".equals(name)) {
              EventSelection.parsePeriod(e.getString("value")).ifPresent(execution::period);
            } else if (id == cpuTimeType && "throttle".equals(name)) {
              EventSelection.parsePeriod(e.getString("value")).ifPresent(cpuTime::period);
            }
            break;
          }
          case EventSelection.CPU_TIME_SAMPLES_LOST:
            if (e.hasField("lostSamples") && filter.test(e)) {
              cpuTime.lost(e.getLong("lostSamples"));
            }
            break;
          default:
            break;
        }
      }
    }
    CpuAttribution chosen = anyCpuTime ? cpuTime : execution;
    String engine = anyCpuTime ? EventSelection.CPU_TIME_SAMPLE : EventSelection.EXECUTION_SAMPLE;
    p.eventKind = engine;
    p.periodNanos = chosen.periodNanos();
    p.coverage = chosen.replay(p::addPath).orElse(null);
    p.events = chosen.samples();
    p.sources.add(new LineView.Source(jfr, Set.of(engine), filter));
    return p;
  }

  /**
   * Mean instance size by class from the recording's class histograms ({@code jdk.ObjectCount}),
   * to weigh old-object samples on JVMs that do not record their size; the last histogram wins.
   */
  private static Map<String, Long> meanInstanceSizes(Path jfr) throws IOException {
    Map<String, Long> sizes = new HashMap<>();
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (e.getEventType().getName().equals("jdk.ObjectCount")) {
          RecordedClass c = e.getClass("objectClass");
          long count = e.getLong("count");
          if (c != null && count > 0) {
            sizes.put(c.getName(), e.getLong("totalSize") / count);
          }
        }
      }
    }
    return sizes;
  }

  private void add(RecordedEvent e, long w) {
    RecordedStackTrace st = e.getStackTrace();
    List<RecordedFrame> frames = st == null ? List.of() : st.getFrames();
    if (frames.isEmpty()) {
      return;
    }
    events++;
    addPath(topFirst(frames), w);
  }

  /** The stack's method names, top frame first, each the one string its method is known by. */
  private String[] topFirst(List<RecordedFrame> frames) {
    String[] out = new String[frames.size()];
    for (int i = 0; i < out.length; i++) {
      RecordedFrame f = frames.get(i);
      jdk.jfr.consumer.RecordedMethod rm = f.getMethod();
      Method m = byRef.get(rm);
      if (m == null) {
        m = byName.computeIfAbsent(FrameNames.methodName(f), Method::new);
        byRef.put(rm, m);
      }
      out[i] = m.name;
    }
    return out;
  }

  /** The same names, each replaced by the one string its method is known by. */
  private String[] intern(String[] names) {
    for (int i = 0; i < names.length; i++) {
      names[i] = byName.computeIfAbsent(FrameNames.normalize(names[i]), Method::new).name;
    }
    return names;
  }

  /** Adds one stack, top frame first, with weight {@code w}; the caller counts the events. */
  private void addPath(String[] topFirstNames, long w) {
    int n = topFirstNames.length;
    if (n == 0 || w <= 0) {
      return;
    }
    totalWeight += w;
    stamp++;
    if (path.length < n) {
      path = new String[Math.max(n, path.length * 2)];
    }
    Method site = null;
    Method top = null;
    for (int i = 0; i < n; i++) {
      Method m = byName.computeIfAbsent(topFirstNames[i], Method::new);
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

  /**
   * How much of its threads' CPU a CPU profile accounts for, when the recording has Perfkit's
   * CPU readings (every CPU recording Perfkit makes); empty for other types and other recordings.
   */
  public java.util.Optional<CpuCoverage> coverage() {
    return java.util.Optional.ofNullable(coverage);
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
    return LineView.lines(type, sources, method);
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
    StackProfile m = empty(type);
    for (StackProfile p : profiles) {
      m.absorb(p);
    }
    if (!profiles.isEmpty() && profiles.stream().allMatch(p -> p.coverage != null)) {
      m.coverage = CpuCoverage.combine(profiles.stream().map(p -> p.coverage).toList());
    }
    return m;
  }

  /** A profile of {@code type} with nothing in it, to {@link #absorb} others into one at a time. */
  static StackProfile empty(ProfileType type) {
    return new StackProfile(Objects.requireNonNull(type, "type"), "");
  }

  /**
   * Adds {@code p}'s events, methods and stacks to this profile; {@code p} is left as it was and
   * may be dropped, so that a merge holds one tree however many profiles it reads.
   */
  void absorb(StackProfile p) {
    if (eventKind.isEmpty()) {
      eventKind = p.eventKind;
    }
    totalWeight += p.totalWeight;
    events += p.events;
    periodNanos = mergedPeriod(periodNanos, p.periodNanos);
    for (Method pm : p.byName.values()) {
      Method t = byName.computeIfAbsent(pm.name, Method::new);
      t.self += pm.self;
      t.total += pm.total;
      t.site += pm.site;
    }
    sources.addAll(p.sources);
    tree.addAll(p.tree);
  }

  /**
   * For a CPU profile, the sampling period one sample stands for (its weights are counts of such
   * samples): the recording's, or the one every merged profile shares. 0 when the recording set
   * none, -1 when merged profiles were sampled at different periods; 0 for other types.
   */
  public long periodNanos() {
    return periodNanos;
  }

  private static long mergedPeriod(long merged, long added) {
    if (merged == 0 || merged == added) {
      return added;
    }
    return added == 0 ? merged : -1;
  }

  /** The first line of {@link #stacks()}'s text, before its fields. */
  static final String STACKS_HEADER = "# perfkit stacks 1";

  /**
   * The profile in the compact form a merge reads instead of the recording: each method's name
   * once, then each distinct stack as the numbers of its names, root first, and its weight.
   *
   * <pre>
   * # perfkit stacks 1 type=cpu events=100 kind=jdk.ExecutionSample names=3 period=20000000
   * java.lang.Thread.run
   * com.acme.Shop.price
   * com.acme.Shop.tax
   * 0;1 60
   * 0;2 40
   * </pre>
   *
   * A profile read back from it ({@link #readStacks}) has the same methods, shares, tree and
   * events; not its per-line view or CPU coverage, which need the recording. A minute of a busy
   * service is a few hundred names and lines: tens of kilobytes, read without parsing a name twice.
   */
  public String stacks() {
    Map<String, Integer> index = new java.util.LinkedHashMap<>();
    StringBuilder lines = new StringBuilder();
    stackLines(tree, new ArrayList<>(), index, lines);
    StringBuilder sb = new StringBuilder(STACKS_HEADER).append(" type=").append(type.wireName()).append(" events=")
        .append(events).append(" kind=").append(eventKind.isEmpty() ? "-" : eventKind).append(" names=")
        .append(index.size()).append(" period=").append(periodNanos).append('\n');
    for (String name : index.keySet()) {
      sb.append(name).append('\n');
    }
    return sb.append(lines).toString();
  }

  private static void stackLines(CallTree node, List<Integer> path, Map<String, Integer> index, StringBuilder out) {
    for (CallTree c : node.children()) {
      path.add(index.computeIfAbsent(c.name(), k -> index.size()));
      if (c.self() > 0) {
        for (int i = 0; i < path.size(); i++) {
          out.append(i == 0 ? "" : ";").append(path.get(i));
        }
        out.append(' ').append(c.self()).append('\n');
      }
      stackLines(c, path, index, out);
      path.remove(path.size() - 1);
    }
  }

  /**
   * Reads {@link #stacks()}'s text back.
   *
   * @throws IllegalArgumentException when the text is not such, naming the line that is not
   */
  public static StackProfile readStacks(String text) {
    Stacks s = Stacks.parse(Objects.requireNonNull(text, "text"));
    StackProfile p = new StackProfile(s.type, s.kind);
    p.addStacks(s);
    return p;
  }

  /**
   * A compact text parsed and checked whole: its header, its names and its stacks as numbers, so
   * that a bad one is refused before anything of it is added to a profile.
   */
  static final class Stacks {
    final ProfileType type;
    final String kind;
    final long events;
    final long periodNanos;
    final String[] names;
    final int[] frames;  // every stack's name numbers, root first, one after another
    final int[] lengths;  // each stack's frame count
    final long[] weights;
    final int stacks;

    private Stacks(ProfileType type, String kind, long events, long periodNanos, String[] names, int[] frames,
        int[] lengths, long[] weights, int stacks) {
      this.type = type;
      this.kind = kind;
      this.events = events;
      this.periodNanos = periodNanos;
      this.names = names;
      this.frames = frames;
      this.lengths = lengths;
      this.weights = weights;
      this.stacks = stacks;
    }

    /** @throws IllegalArgumentException naming the first line that is not as {@link #stacks()} writes */
    static Stacks parse(String text) {
      int eol = text.indexOf('\n');
      String header = eol < 0 ? text : text.substring(0, eol);
      if (!header.startsWith(STACKS_HEADER + " ")) {
        throw new IllegalArgumentException("not a compact profile: its first line is '" + clip(header) + "', not '"
            + STACKS_HEADER + " type=…'");
      }
      Map<String, String> fields = new HashMap<>();
      for (String f : header.substring(STACKS_HEADER.length() + 1).split(" ")) {
        int eq = f.indexOf('=');
        if (eq > 0) {
          fields.put(f.substring(0, eq), f.substring(eq + 1));
        }
      }
      ProfileType type;
      long events;
      long period;
      int nameCount;
      try {
        type = ProfileType.parse(Objects.requireNonNull(fields.get("type"), "type"));
        events = Long.parseLong(fields.getOrDefault("events", "0"));
        period = Long.parseLong(fields.getOrDefault("period", "0"));
        nameCount = Integer.parseInt(Objects.requireNonNull(fields.get("names"), "names"));
      } catch (NullPointerException | NumberFormatException e) {
        throw new IllegalArgumentException("compact profile header '" + clip(header) + "' needs type=, events= and names=",
            e);
      }
      String kind = fields.getOrDefault("kind", "-");
      String[] names = new String[nameCount];
      int at = eol < 0 ? text.length() : eol + 1;
      int lineNo = 1;
      for (int i = 0; i < nameCount; i++) {
        lineNo++;
        int end = at >= text.length() ? -1 : text.indexOf('\n', at);
        if (end < 0) {
          throw new IllegalArgumentException("compact profile ends at line " + lineNo + " before its " + nameCount + " names");
        }
        names[i] = text.substring(at, end);
        at = end + 1;
      }
      int[] frames = new int[1024];
      int[] lengths = new int[64];
      long[] weights = new long[64];
      int stacks = 0;
      int f = 0;
      while (at < text.length()) {
        lineNo++;
        int end = text.indexOf('\n', at);
        if (end < 0) {
          end = text.length();
        }
        int start = f;
        int i = at;
        long weight = -1;
        while (i < end) {
          int v = 0;
          int digits = 0;
          while (i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9' && digits < 10) {
            v = v * 10 + (text.charAt(i++) - '0');
            digits++;
          }
          char sep = i < end ? text.charAt(i) : '\n';
          if (digits == 0 || v >= nameCount || (sep != ';' && sep != ' ')) {
            break;
          }
          if (f == frames.length) {
            frames = java.util.Arrays.copyOf(frames, f * 2);
          }
          frames[f++] = v;
          i++;
          if (sep == ' ') {
            weight = weightOf(text, i, end);
            i = end;
          }
        }
        if (weight <= 0 || f == start) {
          throw new IllegalArgumentException("compact profile line " + lineNo + " is not 'n;n;… weight' with names below "
              + nameCount + " and a positive weight: '" + clip(text.substring(at, end)) + "'");
        }
        if (stacks == lengths.length) {
          lengths = java.util.Arrays.copyOf(lengths, stacks * 2);
          weights = java.util.Arrays.copyOf(weights, stacks * 2);
        }
        lengths[stacks] = f - start;
        weights[stacks] = weight;
        stacks++;
        at = end + 1;
      }
      return new Stacks(type, kind.equals("-") ? "" : kind, events, period, names, frames, lengths, weights, stacks);
    }

    private static long weightOf(String text, int from, int end) {
      if (from >= end) {
        return -1;
      }
      long w = 0;
      for (int i = from; i < end; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9' || w > (Long.MAX_VALUE - 9) / 10) {
          return -1;
        }
        w = w * 10 + (c - '0');
      }
      return w;
    }
  }

  /** Adds a parsed compact text's stacks and events to this profile. */
  void addStacks(Stacks s) {
    if (eventKind.isEmpty()) {
      eventKind = s.kind;
    }
    Method[] methods = new Method[s.names.length];
    String[] interned = new String[s.names.length];
    for (int i = 0; i < methods.length; i++) {
      methods[i] = byName.computeIfAbsent(s.names[i], Method::new);
      interned[i] = methods[i].name;
    }
    String[] path = new String[64];
    int f = 0;
    for (int k = 0; k < s.stacks; k++) {
      int n = s.lengths[k];
      long w = s.weights[k];
      if (path.length < n) {
        path = new String[Math.max(n, path.length * 2)];
      }
      totalWeight += w;
      stamp++;
      Method site = null;
      for (int i = n - 1; i >= 0; i--) {
        Method m = methods[s.frames[f + i]];
        if (i == n - 1) {
          m.self += w;
        }
        if (m.stamp != stamp) {
          m.stamp = stamp;
          m.total += w;
        }
        if (site == null && !m.platform) {
          site = m;
        }
        path[i] = interned[s.frames[f + i]];
      }
      (site != null ? site : methods[s.frames[f + n - 1]]).site += w;
      tree.add(path, n, w);
      f += n;
    }
    events += s.events;
    periodNanos = mergedPeriod(periodNanos, s.periodNanos);
  }

  private static String clip(String s) {
    return s == null ? "(none)" : s.length() <= 120 ? s : s.substring(0, 120) + "…";
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

  /**
   * A warning when the profile rests on fewer than {@value #FEW_SAMPLES} samples, as a single
   * request's profile can: each share is then known to about ±(50 / √n) percentage points (one
   * standard deviation of a 50 % share), ±17 points with 9 samples, so two methods a few points
   * apart cannot be ranked. Empty when there are enough, and for heap profiles, which count
   * objects rather than sample.
   */
  public java.util.Optional<String> fewSamples() {
    if (type == ProfileType.HEAP || events >= FEW_SAMPLES) {
      return java.util.Optional.empty();
    }
    if (events == 0) {
      return java.util.Optional.of("no samples: nothing of this kind was sampled in the profile's span");
    }
    return java.util.Optional.of(String.format(java.util.Locale.ROOT,
        "only %d sample%s: each share is uncertain by about ±%.0f percentage points; profile longer, or more requests",
        events, events == 1 ? "" : "s", 50 / Math.sqrt(events)));
  }

  /** Their total weight. */
  public long totalWeight() {
    return totalWeight;
  }

  /** What the weight is measured in: samples, bytes or nanoseconds. */
  public String unit() {
    return EventSelection.unit(type);
  }

  /** Human form of a weight in this profile's unit. */
  public String format(long weight) {
    return EventSelection.format(type, weight);
  }
}
