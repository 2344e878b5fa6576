package io.perfkit.profiler.trace;

import io.perfkit.api.Quantiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads the trace tasks of a recording: their durations by name, and the tree they form, each
 * subtask under its parent by the parent's id, whatever thread each ran on.
 */
public final class TraceSummary {

  private TraceSummary() {}

  /** One summary per task name, sorted by total duration, longest first. */
  public static List<TaskSummary> of(Path jfr) throws IOException {
    Map<String, List<Long>> byName = new TreeMap<>();
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (e.getEventType().getName().equals("perfkit.TraceTask")) {
          byName.computeIfAbsent(e.getString("name"), k -> new ArrayList<>()).add(e.getDuration().toNanos());
        }
      }
    }
    List<TaskSummary> out = new ArrayList<>();
    for (Map.Entry<String, List<Long>> e : byName.entrySet()) {
      long[] d = e.getValue().stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(d);
      long total = Arrays.stream(d).sum();
      out.add(new TaskSummary(e.getKey(), d.length, Duration.ofNanos(total), Duration.ofNanos(Quantiles.nearestRank(d, 0.50)),
          Duration.ofNanos(Quantiles.nearestRank(d, 0.99)), Duration.ofNanos(d[d.length - 1])));
    }
    out.sort((a, b) -> b.total().compareTo(a.total()));
    return out;
  }

  /**
   * The recording's tasks as a forest, by start time: the top-level tasks, and those whose parent
   * is not in the recording, each with its subtasks nested by parent id.
   */
  public static List<RecordedTask> tasks(Path jfr) throws IOException {
    List<RecordedEvent> events = new ArrayList<>();
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (e.getEventType().getName().equals("perfkit.TraceTask")) {
          events.add(e);
        }
      }
    }
    events.sort(Comparator.comparing(RecordedEvent::getStartTime));
    Map<Long, RecordedEvent> byId = new HashMap<>();
    for (RecordedEvent e : events) {
      byId.put(e.getLong("taskId"), e);
    }
    Map<Long, List<RecordedEvent>> children = new HashMap<>();
    List<RecordedEvent> roots = new ArrayList<>();
    for (RecordedEvent e : events) {
      long parent = e.getLong("parentId");
      // a parent opens first and so has the smaller id; a larger one is another JVM's task in a
      // concatenated file, and linking it could make a cycle
      if (parent != 0 && parent < e.getLong("taskId") && byId.containsKey(parent)) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(e);
      } else {
        roots.add(e);
      }
    }
    List<RecordedTask> out = new ArrayList<>(roots.size());
    for (RecordedEvent root : roots) {
      out.add(tree(root, children));
    }
    return out;
  }

  // Ids fall from a subtask to its parent: no cycles, and recursion as deep as the nesting.
  private static RecordedTask tree(RecordedEvent e, Map<Long, List<RecordedEvent>> children) {
    List<RecordedTask> subtasks = new ArrayList<>();
    for (RecordedEvent child : children.getOrDefault(e.getLong("taskId"), List.of())) {
      subtasks.add(tree(child, children));
    }
    RecordedThread t = e.getThread();
    String threadName = t == null || t.getJavaName() == null ? "" : t.getJavaName();
    return new RecordedTask(e.getString("name"), e.getLong("taskId"), e.getLong("parentId"), t == null ? 0 : t.getJavaThreadId(),
        threadName, e.getStartTime(), e.getDuration(), subtasks);
  }
}
