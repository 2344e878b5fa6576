package io.perfkit.profiler.memory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Live objects by class at one moment: instances and bytes. Two taken some time apart and
 * {@linkplain #diff diffed} name the classes that grow, the first question of a leak hunt.
 *
 * <p>{@link #capture()} asks the running JVM ({@code GC.class_histogram}, the diagnostic command
 * behind {@code jmap -histo:live}); {@link #fromRecording} reads the histograms a HEAP
 * recording took ({@code jdk.ObjectCount}, which lists classes holding at least half a percent of
 * the heap). Either way the JVM first runs a full collection, so only live objects are counted —
 * and the application pauses for it: take one a minute, not one a second. Immutable.
 */
public final class ClassHistogram {

  /** One class: its instances and their bytes. */
  public record Entry(String className, long instances, long bytes) {}

  private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  private final Instant time;
  private final Map<String, Entry> byClass;

  private ClassHistogram(Instant time, Map<String, Entry> byClass) {
    this.time = time;
    this.byClass = byClass;
  }

  /** A histogram of the given entries (for tests and for histograms from elsewhere). */
  public static ClassHistogram of(Instant time, List<Entry> entries) {
    Map<String, Entry> m = new HashMap<>();
    for (Entry e : entries) {
      m.merge(e.className(), e, (a, b) -> new Entry(a.className(), a.instances() + b.instances(), a.bytes() + b.bytes()));
    }
    return new ClassHistogram(Objects.requireNonNull(time, "time"), Map.copyOf(m));
  }

  /**
   * The running JVM's live objects by class. Runs a full collection first.
   *
   * @throws IOException when the JVM does not offer the diagnostic command
   */
  public static ClassHistogram capture() throws IOException {
    Instant now = Instant.now();
    String text;
    try {
      text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new IOException("GC.class_histogram failed: " + e.getMessage(), e);
    }
    return parse(now, text);
  }

  /**
   * Parses the text of {@code GC.class_histogram} or {@code jmap -histo}: lines of rank,
   * instances, bytes and class name.
   */
  public static ClassHistogram parse(Instant time, String text) {
    List<Entry> entries = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        entries.add(new Entry(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
      }
    }
    return of(time, entries);
  }

  /**
   * Every histogram in a recording, oldest first: one per collection that took one
   * ({@code jdk.ObjectCount} events share the collection's id).
   */
  public static List<ClassHistogram> fromRecording(Path jfr) throws IOException {
    Map<Long, Instant> times = new TreeMap<>();
    Map<Long, List<Entry>> entries = new HashMap<>();
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (!e.getEventType().getName().equals("jdk.ObjectCount")) {
          continue;
        }
        long gcId = e.getLong("gcId");
        RecordedClass c = e.getClass("objectClass");
        times.merge(gcId, e.getStartTime(), (a, b) -> a.isBefore(b) ? a : b);
        entries.computeIfAbsent(gcId, k -> new ArrayList<>())
            .add(new Entry(c == null ? "?" : c.getName(), e.getLong("count"), e.getLong("totalSize")));
      }
    }
    List<ClassHistogram> out = new ArrayList<>();
    times.forEach((id, t) -> out.add(of(t, entries.get(id))));
    out.sort(Comparator.comparing(ClassHistogram::time));
    return out;
  }

  /** When it was taken. */
  public Instant time() {
    return time;
  }

  /** The entry of a class, by its name as the JVM gives it ({@code [B}, {@code java.lang.String}). */
  public java.util.Optional<Entry> entry(String className) {
    return java.util.Optional.ofNullable(byClass.get(className));
  }

  /** The {@code n} classes holding the most bytes. */
  public List<Entry> top(int n) {
    List<Entry> all = new ArrayList<>(byClass.values());
    all.sort(Comparator.comparingLong(Entry::bytes).reversed().thenComparing(Entry::className));
    return all.size() > n ? List.copyOf(all.subList(0, n)) : List.copyOf(all);
  }

  /** Bytes of every class together. */
  public long totalBytes() {
    long sum = 0;
    for (Entry e : byClass.values()) {
      sum += e.bytes();
    }
    return sum;
  }

  /** How each class changed from {@code before} to {@code after}. */
  public static Diff diff(ClassHistogram before, ClassHistogram after) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    if (after.time.isBefore(before.time)) {
      throw new IllegalArgumentException("histogram diff runs backwards: 'after' (" + after.time
          + ") was taken before 'before' (" + before.time + ")");
    }
    List<Growth> out = new ArrayList<>();
    Map<String, Entry> union = new LinkedHashMap<>(before.byClass);
    after.byClass.forEach(union::putIfAbsent);
    for (String c : union.keySet()) {
      Entry b = before.byClass.getOrDefault(c, new Entry(c, 0, 0));
      Entry a = after.byClass.getOrDefault(c, new Entry(c, 0, 0));
      out.add(new Growth(c, b.instances(), a.instances(), b.bytes(), a.bytes()));
    }
    out.sort(Comparator.comparingLong(Growth::bytesDelta).reversed().thenComparing(Growth::className));
    return new Diff(before.time, after.time, List.copyOf(out));
  }

  /** One class's change between two histograms. */
  public record Growth(String className, long instancesBefore, long instancesAfter, long bytesBefore, long bytesAfter) {
    public long instancesDelta() {
      return instancesAfter - instancesBefore;
    }

    public long bytesDelta() {
      return bytesAfter - bytesBefore;
    }
  }

  /** Every class's change, the most bytes gained first. */
  public record Diff(Instant before, Instant after, List<Growth> classes) {

    /** The {@code n} classes that gained the most bytes, only those that gained. */
    public List<Growth> growing(int n) {
      List<Growth> out = new ArrayList<>();
      for (Growth g : classes) {
        if (g.bytesDelta() <= 0 || out.size() == n) {
          break;
        }
        out.add(g);
      }
      return out;
    }

    /** The {@code n} classes that gained the most instances, only those that gained. */
    public List<Growth> growingByInstances(int n) {
      List<Growth> out = new ArrayList<>();
      for (Growth g : classes) {
        if (g.instancesDelta() > 0) {
          out.add(g);
        }
      }
      out.sort(Comparator.comparingLong(Growth::instancesDelta).reversed().thenComparing(Growth::className));
      return out.size() > n ? List.copyOf(out.subList(0, n)) : out;
    }

    /** The growing classes as text, one a line. */
    public String report(int n) {
      double minutes = java.time.Duration.between(before, after).toMillis() / 60_000.0;
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
          "classes growing over %.1f min (live objects after a full GC):%n", minutes));
      sb.append(String.format(Locale.ROOT, "%14s %12s %14s  %s%n", "+instances", "+bytes", "bytes now", "class"));
      for (Growth g : growing(n)) {
        sb.append(String.format(Locale.ROOT, "%+14d %12s %14s  %s%n", g.instancesDelta(), GcUnits.bytes(g.bytesDelta()),
            GcUnits.bytes(g.bytesAfter()), javaName(g.className())));
      }
      return sb.toString();
    }
  }

  /**
   * A class name as Java source writes it: the JVM's {@code [J} is {@code long[]}, {@code
   * [[Ljava.lang.String;} is {@code java.lang.String[][]}; other names are returned as they are.
   * Histograms keep the JVM's names (they are what {@code jcmd GC.class_histogram} and JFR
   * print, and what {@link #entry} takes); reports show these.
   */
  public static String javaName(String jvmName) {
    int dims = 0;
    while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0 || dims == jvmName.length()) {
      return jvmName;
    }
    String element = jvmName.substring(dims);
    String base;
    switch (element.charAt(0)) {
      case 'Z': base = "boolean"; break;
      case 'B': base = "byte"; break;
      case 'C': base = "char"; break;
      case 'S': base = "short"; break;
      case 'I': base = "int"; break;
      case 'J': base = "long"; break;
      case 'F': base = "float"; break;
      case 'D': base = "double"; break;
      case 'L':
        if (!element.endsWith(";")) {
          return jvmName;
        }
        base = element.substring(1, element.length() - 1);
        break;
      default:
        return jvmName;
    }
    if (element.charAt(0) != 'L' && element.length() != 1) {
      return jvmName;
    }
    return base + "[]".repeat(dims);
  }
}
