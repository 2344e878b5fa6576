package io.perfkit.profiler.http;

import io.perfkit.api.Labels;
import io.perfkit.api.alert.JvmThresholds;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.http.HttpError;
import io.perfkit.http.QueryParams;
import io.perfkit.http.Request;
import io.perfkit.http.Response;
import io.perfkit.profiler.analysis.EventSelection;
import io.perfkit.profiler.analysis.IoReport;
import io.perfkit.profiler.analysis.PinningReport;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.memory.ClassHistogram;
import io.perfkit.profiler.memory.GcReport;
import io.perfkit.profiler.memory.HeapDumps;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The memory, I/O and pinning endpoints: {@code /debug/gc}, {@code /debug/io} and
 * {@code /debug/pinning} (the GC, I/O and virtual-thread pinning reports of the continuous
 * recorder's last seconds), {@code /debug/heap/histogram} (live objects by
 * class, and what grew since the last call) and {@code /debug/heapdump} (off unless enabled).
 * Each pauses or loads the JVM a little, so one of them runs at a time and one more gets 429 at
 * once.
 */
final class MemoryEndpoints {

  private static final System.Logger LOG = System.getLogger(MemoryEndpoints.class.getName());

  private final ContinuousRecorder recorder;
  private final HeapDumps dumps;
  private final Path workDir;
  private final Semaphore running = new Semaphore(1);
  private volatile ClassHistogram lastHistogram;

  MemoryEndpoints(ContinuousRecorder recorder, HeapDumps dumps, Path workDir) {
    this.recorder = recorder;
    this.dumps = dumps;
    this.workDir = workDir;
  }

  /** A task that holds the one permit. */
  private interface Work {
    Response run() throws IOException;
  }

  private Response alone(String what, Work work) throws IOException {
    if (!running.tryAcquire()) {
      throw new HttpError(429, "another memory, I/O or pinning request (a report, a histogram or a heap dump) is running; retry shortly; "
          + what + " refused").header("Retry-After", "1");
    }
    try {
      return work.run();
    } finally {
      running.release();
    }
  }

  Response gc(Request req) throws IOException {
    QueryParams q = req.query().onlyKnown(List.of("seconds", "format"));
    if (recorder == null) {
      throw HttpError.notFound("/debug/gc reads the always-on continuous recorder, and none is configured "
          + "(DebugHttp.builder(...).continuousRecorder(recorder)); /debug/profiles/{id}/gc reports on a stored profile");
    }
    int maxSeconds = (int) Math.max(1, recorder.maxAge().toSeconds());
    int seconds = q.intIn("seconds", Math.min(60, maxSeconds), 1, maxSeconds);
    boolean text = format(q);
    return alone("GC report", () -> {
      Instant end = Instant.now();
      Instant begin = end.minusSeconds(seconds);
      CaptureResult snapshot = recorder.snapshot(begin, end, ProfileType.HEAP, Labels.empty());
      try {
        return render(GcReport.read(snapshot.file(), begin, end, JvmThresholds.defaults()), text);
      } finally {
        snapshot.deleteFile();
      }
    });
  }

  /**
   * The {@link IoReport} of the continuous recorder's last seconds: the waits it kept (those over
   * its I/O threshold, 10 ms), by file or directory and by host and port.
   */
  Response io(Request req) throws IOException {
    QueryParams q = req.query().onlyKnown(List.of("seconds", "group", "top", "format"));
    if (recorder == null) {
      throw HttpError.notFound("/debug/io reads the always-on continuous recorder, and none is configured "
          + "(DebugHttp.builder(...).continuousRecorder(recorder)); /debug/profiles/{id}/io reports on a stored profile");
    }
    int maxSeconds = (int) Math.max(1, recorder.maxAge().toSeconds());
    int seconds = q.intIn("seconds", Math.min(60, maxSeconds), 1, maxSeconds);
    IoQuery io = IoQuery.of(q);
    return alone("I/O report", () -> {
      Instant end = Instant.now();
      Instant begin = end.minusSeconds(seconds);
      CaptureResult snapshot = recorder.snapshot(begin, end, ProfileType.IO, Labels.empty());
      try {
        return io.render(IoReport.read(snapshot.file(), EventSelection.during(begin, end), io.grouping(), io.top()));
      } finally {
        snapshot.deleteFile();
      }
    });
  }

  /**
   * The {@link PinningReport} of the continuous recorder's last seconds: where virtual threads
   * blocked while pinned to their carriers (JDK 21+; an empty report on older JDKs).
   */
  Response pinning(Request req) throws IOException {
    QueryParams q = req.query().onlyKnown(List.of("seconds", "top", "format"));
    if (recorder == null) {
      throw HttpError.notFound("/debug/pinning reads the always-on continuous recorder, and none is configured "
          + "(DebugHttp.builder(...).continuousRecorder(recorder))");
    }
    int maxSeconds = (int) Math.max(1, recorder.maxAge().toSeconds());
    int seconds = q.intIn("seconds", Math.min(60, maxSeconds), 1, maxSeconds);
    int top = q.intIn("top", 10, 1, 1000);
    boolean text = format(q);
    return alone("pinning report", () -> {
      Instant end = Instant.now();
      Instant begin = end.minusSeconds(seconds);
      CaptureResult snapshot = recorder.snapshot(begin, end, ProfileType.CPU, Labels.empty());
      try {
        PinningReport r = PinningReport.read(snapshot.file(), EventSelection.during(begin, end), top);
        return text ? Response.text(r.text()) : Response.json(200, r.toJson());
      } finally {
        snapshot.deleteFile();
      }
    });
  }

  /** True for text, false for JSON (the default). */
  static boolean format(QueryParams q) {
    String f = q.one("format").orElse("json");
    if (!f.equals("json") && !f.equals("text")) {
      throw HttpError.badRequest("format '" + f + "' is unknown; use json or text");
    }
    return f.equals("text");
  }

  static Response render(GcReport r, boolean text) {
    return text ? Response.text(r.text()) : Response.json(200, r.toJson());
  }

  Response histogram(Request req) throws IOException {
    QueryParams q = req.query().onlyKnown(List.of("top", "format"));
    int top = q.intIn("top", 30, 1, 1000);
    boolean text = format(q);
    return alone("class histogram", () -> {
      ClassHistogram now = ClassHistogram.capture();
      ClassHistogram previous = lastHistogram;
      lastHistogram = now;
      ClassHistogram.Diff diff = previous == null ? null : ClassHistogram.diff(previous, now);
      if (text) {
        StringBuilder sb = new StringBuilder("live objects by class (a full GC ran first):\n");
        for (ClassHistogram.Entry e : now.top(top)) {
          sb.append(String.format(java.util.Locale.ROOT, "%12d %14d  %s%n", e.instances(), e.bytes(), e.className()));
        }
        sb.append('\n').append(diff == null ? "call again later to see which classes grow\n" : diff.report(top));
        return Response.text(sb.toString());
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("time", now.time().toString());
      out.put("totalBytes", now.totalBytes());
      out.put("classes", now.top(top).stream().map(e -> Map.of("class", e.className(), "instances", e.instances(),
          "bytes", e.bytes())).toList());
      if (diff != null) {
        out.put("since", diff.before().toString());
        out.put("growing", diff.growing(top).stream().map(g -> Map.of("class", g.className(),
            "instancesDelta", g.instancesDelta(), "bytesDelta", g.bytesDelta(), "bytes", g.bytesAfter())).toList());
      }
      return Response.json(200, out);
    });
  }

  Response heapDump(Request req) throws IOException {
    QueryParams q = req.query().onlyKnown(List.of("live"));
    if (dumps == null) {
      throw HttpError.notFound("heap dumps are off; enable them with DebugHttp.builder(...).heapDumps(maxHeapBytes) "
          + "and a bearer token (a dump pauses the JVM while it writes)");
    }
    String liveParam = q.one("live").orElse("true");
    if (!liveParam.equals("true") && !liveParam.equals("false")) {
      throw HttpError.badRequest("live '" + liveParam + "' must be true or false");
    }
    boolean live = liveParam.equals("true");
    return alone("heap dump", () -> {
      Path file = workDir.resolve("heap-" + System.currentTimeMillis() + "-" + ProcessHandle.current().pid() + ".hprof");
      try {
        dumps.dump(file, live);
      } catch (IllegalStateException e) {
        throw new HttpError(409, e.getMessage());
      }
      long size = Files.size(file);
      return Response.stream(200, "application/octet-stream", size, out -> Files.copy(file, out))
          .attachment(file.getFileName().toString())
          .whenSent(() -> {
            try {
              Files.deleteIfExists(file);
            } catch (IOException e) {
              LOG.log(Level.WARNING, "could not delete heap dump " + file + ": " + e);
            }
          });
    });
  }
}
