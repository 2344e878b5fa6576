package io.perfkit.profiler.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** Which locks threads contended for in a recording, by class, read in one streaming pass. */
public final class LockContention {

  private LockContention() {}

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
        RecordedClass c = e.getClass(field);
        if (c == null || c.getName().endsWith("$ConditionObject")) {
          continue;
        }
        byClass.merge(c.getName(), Math.max(1, e.getDuration().toNanos()), Long::sum);
      }
    }
    return byClass.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(n).map(Map.Entry::getKey).toList();
  }
}
