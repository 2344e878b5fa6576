package io.perfkit.profiler.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Exports a recording's tasks, regions and logs as Chrome trace-event JSON, the timeline view
 * {@code go tool trace} gives: Perfetto ({@code ui.perfetto.dev}) and {@code chrome://tracing}
 * open it. Tasks and regions become complete events ({@code "ph":"X"}) on their thread's track,
 * with task and parent ids in {@code args}; logs become instant events ({@code "ph":"i"}).
 * Timestamps are microseconds since the first event.
 */
public final class ChromeTrace {

  private ChromeTrace() {}

  /** Writes the trace of {@code jfr} to {@code out} (not closed). */
  public static int write(Path jfr, OutputStream out) throws IOException {
    Instant origin = null;
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (isTrace(e) && (origin == null || e.getStartTime().isBefore(origin))) {
          origin = e.getStartTime();
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
    RecordedThread t = e.getThread();
    long tid = t == null ? 0 : t.getJavaThreadId();
    double ts = java.time.Duration.between(origin, e.getStartTime()).toNanos() / 1000.0;
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
}
