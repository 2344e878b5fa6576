package io.perfkit.profiler.memory;

import io.perfkit.profiler.analysis.EventSelection;
import io.perfkit.profiler.analysis.FrameNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Leak candidates: the objects a recording saw allocated that were still alive when it ended
 * ({@code jdk.OldObjectSample}), grouped by class and allocation site, weighted by size (see
 * {@link EventSelection#heapWeight}), with the path to a GC root of one of them when the
 * recording was asked for paths ({@code Profiler.Builder.heapPathsToGcRoots}).
 *
 * <p>The samples are a bounded set the JVM keeps over the recording (256 by default), spread
 * over its length, so they point at sites rather than count bytes: a site holding many samples
 * of a growing class is where the leak is allocated. Immutable.
 */
public final class OldObjects {

  /**
   * Samples of one class allocated at one site.
   *
   * @param className the objects' class
   * @param site the first allocating frame outside the platform, with its line
   * @param stack the allocation stack of one sample, top first
   * @param samples how many samples
   * @param bytes their size together
   * @param oldest the age of the oldest when the recording ended
   * @param pathToRoot from the object to its GC root, one step a line; empty without paths
   */
  public record Candidate(String className, String site, List<String> stack, long samples, long bytes, Duration oldest,
      List<String> pathToRoot) {}

  private final List<Candidate> candidates;
  private final long samples;

  private OldObjects(List<Candidate> candidates, long samples) {
    this.candidates = candidates;
    this.samples = samples;
  }

  /** Reads the old-object samples of a recording. */
  public static OldObjects read(Path jfr) throws IOException {
    Map<String, Long> meanSizes = new HashMap<>();
    List<RecordedEvent> events = new ArrayList<>();
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        String name = e.getEventType().getName();
        if (name.equals("jdk.OldObjectSample")) {
          events.add(e);
        } else if (name.equals("jdk.ObjectCount")) {
          RecordedClass c = e.getClass("objectClass");
          long count = e.getLong("count");
          if (c != null && count > 0) {
            meanSizes.put(c.getName(), e.getLong("totalSize") / count);
          }
        }
      }
    }
    Map<String, Group> groups = new LinkedHashMap<>();
    for (RecordedEvent e : events) {
      RecordedObject object = e.getValue("object");
      RecordedClass c = object == null ? null : object.getClass("type");
      String className = c == null ? "?" : c.getName();
      List<String> stack = stack(e.getStackTrace());
      String site = site(e.getStackTrace());
      Group g = groups.computeIfAbsent(className + " @ " + site, k -> new Group(className, site, stack));
      g.samples++;
      g.bytes += EventSelection.heapWeight(e, meanSizes);
      Duration age = e.getDuration("objectAge");
      if (age.compareTo(g.oldest) > 0) {
        g.oldest = age;
      }
      if (g.path.isEmpty()) {
        g.path = pathToRoot(e);
      }
    }
    List<Candidate> out = new ArrayList<>();
    for (Group g : groups.values()) {
      out.add(new Candidate(g.className, g.site, g.stack, g.samples, g.bytes, g.oldest, g.path));
    }
    out.sort(Comparator.comparingLong(Candidate::bytes).reversed().thenComparing(Candidate::site));
    return new OldObjects(List.copyOf(out), events.size());
  }

  private static final class Group {
    final String className;
    final String site;
    final List<String> stack;
    long samples;
    long bytes;
    Duration oldest = Duration.ZERO;
    List<String> path = List.of();

    Group(String className, String site, List<String> stack) {
      this.className = className;
      this.site = site;
      this.stack = stack;
    }
  }

  private static List<String> stack(RecordedStackTrace st) {
    List<String> out = new ArrayList<>();
    if (st != null) {
      for (RecordedFrame f : st.getFrames()) {
        if (f.isJavaFrame()) {
          out.add(FrameNames.methodName(f) + ":" + f.getLineNumber());
        }
      }
    }
    return List.copyOf(out);
  }

  private static String site(RecordedStackTrace st) {
    if (st == null) {
      return "(no stack)";
    }
    String top = null;
    for (RecordedFrame f : st.getFrames()) {
      if (!f.isJavaFrame()) {
        continue;
      }
      String name = FrameNames.methodName(f);
      if (top == null) {
        top = name + ":" + f.getLineNumber();
      }
      if (!FrameNames.isPlatform(f.getMethod().getType().getName())) {
        return name + ":" + f.getLineNumber();
      }
    }
    return top == null ? "(no Java frame)" : top;
  }

  /** The chain of referrers from the sampled object up to its root, when the recording has it. */
  private static List<String> pathToRoot(RecordedEvent e) {
    RecordedObject root = e.getValue("root");
    if (root == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    RecordedObject object = e.getValue("object");
    for (int depth = 0; object != null && depth < 64; depth++) {
      RecordedClass c = object.getClass("type");
      String line = c == null ? "?" : c.getName();
      RecordedObject ref = object.getValue("referrer");
      if (ref != null) {
        RecordedObject field = ref.getValue("field");
        RecordedObject array = ref.getValue("array");
        if (field != null) {
          line += " ← field " + field.getString("name") + " of";
        } else if (array != null) {
          line += " ← element " + array.getInt("index") + " of";
        } else {
          line += " ← held by";
        }
        int skip = ref.getInt("skip");
        if (skip > 0) {
          line += " (" + skip + " objects skipped)";
        }
        object = ref.getValue("object");
      } else {
        object = null;
      }
      out.add(line);
    }
    String system = root.getString("system");
    String type = root.getString("type");
    String description = root.getString("description");
    out.add("GC root: " + (system == null ? "?" : system) + (type == null ? "" : " / " + type)
        + (description == null ? "" : " (" + description + ")"));
    return List.copyOf(out);
  }

  /** Every candidate, the most bytes first. */
  public List<Candidate> candidates() {
    return candidates;
  }

  /** Old-object samples read. */
  public long samples() {
    return samples;
  }

  /** The {@code n} heaviest candidates as text, each with its site and, when recorded, its path to a root. */
  public String report(int n) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "objects still alive at the end of the recording (%d samples), by class and allocation site:%n", samples));
    int shown = 0;
    for (Candidate c : candidates) {
      if (shown++ == n) {
        break;
      }
      sb.append(String.format(Locale.ROOT, "%5d samples %10s  %s%n        allocated at %s, oldest %s%n", c.samples(),
          GcUnits.bytes(c.bytes()), ClassHistogram.javaName(c.className()), c.site(), GcUnits.human(c.oldest())));
      for (String step : c.pathToRoot()) {
        sb.append("          ").append(step).append('\n');
      }
    }
    return sb.toString();
  }
}
