package io.perfkit.profiler.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Exports a recording's tasks, regions and logs as Chrome trace-event JSON, the timeline view
 * {@code go tool trace} gives: Perfetto ({@code ui.perfetto.dev}) and {@code chrome://tracing}
 * open it. Tasks and regions become complete events ({@code "ph":"X"}) on their thread's track,
 * with task and parent ids in {@code args}; logs become instant events ({@code "ph":"i"}).
 * A subtask that ran on another thread than its parent is nested on its own thread's track and
 * linked to the parent by a flow, which both viewers draw as an arrow: {@code "ph":"s"} at the
 * parent's start on the parent's track, so that it binds to the parent's slice and not to
 * whatever step the parent was in, and {@code "ph":"f"} at the subtask's start on its own, both
 * with the subtask's id as {@code id} and category {@code "subtask"}. Timestamps are
 * microseconds since the first event.
 */
public final class ChromeTrace {

  private ChromeTrace() {}

  /**
   * Writes the trace of {@code jfr} to {@code out} (not closed).
   *
   * @return how many trace events it wrote, flow events included
   */
  public static int write(Path jfr, OutputStream out) throws IOException {
    Instant origin = null;
    Map<Long, Span> tasks = new HashMap<>();
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (isTrace(e) && (origin == null || e.getStartTime().isBefore(origin))) {
          origin = e.getStartTime();
        }
        if (e.getEventType().getName().equals("perfkit.TraceTask")) {
          tasks.put(e.getLong("taskId"), new Span(threadId(e), e.getStartTime()));
        }
      }
    }
    int written = 0;
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeStringField("displayTimeUnit", "ms");
      g.writeArrayFieldStart("traceEvents");
      if (origin != null) {
        try (RecordingFile rf = new RecordingFile(jfr)) {
          while (rf.hasMoreEvents()) {
            RecordedEvent e = rf.readEvent();
            if (isTrace(e)) {
              writeEvent(g, e, origin);
              written++;
              written += writeFlow(g, e, tasks, origin);
            }
          }
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return written;
  }

  private static boolean isTrace(RecordedEvent e) {
    String n = e.getEventType().getName();
    return n.equals("perfkit.TraceTask") || n.equals("perfkit.TraceRegion") || n.equals("perfkit.TraceLog");
  }

  private static void writeEvent(JsonGenerator g, RecordedEvent e, Instant origin) throws IOException {
    String kind = e.getEventType().getName();
    long tid = threadId(e);
    double ts = micros(origin, e.getStartTime());
    g.writeStartObject();
    g.writeNumberField("pid", 1);
    g.writeNumberField("tid", tid);
    g.writeNumberField("ts", ts);
    switch (kind) {
      case "perfkit.TraceTask":
      case "perfkit.TraceRegion":
        // a complete ("X") event: a task or region with its duration
        boolean task = kind.equals("perfkit.TraceTask");
        g.writeStringField("name", e.getString("name"));
        g.writeStringField("cat", task ? "task" : "region");
        g.writeStringField("ph", "X");
        g.writeNumberField("dur", e.getDuration().toNanos() / 1000.0);
        g.writeObjectFieldStart("args");
        g.writeNumberField("taskId", e.getLong("taskId"));
        if (task) {
          g.writeNumberField("parentId", e.getLong("parentId"));
        }
        g.writeEndObject();
        break;
      default:
        g.writeStringField("name", e.getString("key") + "=" + e.getString("value"));
        g.writeStringField("cat", "log");
        g.writeStringField("ph", "i");
        g.writeStringField("s", "t");
        g.writeObjectFieldStart("args");
        g.writeNumberField("taskId", e.getLong("taskId"));
        g.writeStringField(e.getString("key"), e.getString("value"));
        g.writeEndObject();
        break;
    }
    g.writeEndObject();
  }

  /**
   * For a task whose parent ran on another thread, the two ends of the arrow from the parent to
   * it; same-thread subtasks nest on their track already and get none. Returns the events written.
   */
  private static int writeFlow(JsonGenerator g, RecordedEvent e, Map<Long, Span> tasks, Instant origin) throws IOException {
    if (!e.getEventType().getName().equals("perfkit.TraceTask")) {
      return 0;
    }
    Span parent = tasks.get(e.getLong("parentId"));
    long tid = threadId(e);
    if (parent == null || parent.tid() == tid) {
      return 0;
    }
    String name = e.getString("name");
    long id = e.getLong("taskId");
    g.writeStartObject();
    g.writeNumberField("pid", 1);
    g.writeNumberField("tid", parent.tid());
    g.writeNumberField("ts", micros(origin, parent.start()));
    g.writeStringField("name", name);
    g.writeStringField("cat", "subtask");
    g.writeStringField("ph", "s");
    g.writeNumberField("id", id);
    g.writeEndObject();
    g.writeStartObject();
    g.writeNumberField("pid", 1);
    g.writeNumberField("tid", tid);
    g.writeNumberField("ts", micros(origin, e.getStartTime()));
    g.writeStringField("name", name);
    g.writeStringField("cat", "subtask");
    g.writeStringField("ph", "f");
    g.writeStringField("bp", "e");  // binds to the slice enclosing ts, the subtask's own, not the next one
    g.writeNumberField("id", id);
    g.writeEndObject();
    return 2;
  }

  private static long threadId(RecordedEvent e) {
    RecordedThread t = e.getThread();
    return t == null ? 0 : t.getJavaThreadId();
  }

  private static double micros(Instant origin, Instant at) {
    return Duration.between(origin, at).toNanos() / 1000.0;
  }

  /** Where and when a task ran, for the flows of its subtasks on other threads. */
  private record Span(long tid, Instant start) {}
}
