package io.perfkit.profiler.trace;

import io.perfkit.api.Quantiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** Reads the trace tasks of a recording and summarizes their durations by name. */
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
}
