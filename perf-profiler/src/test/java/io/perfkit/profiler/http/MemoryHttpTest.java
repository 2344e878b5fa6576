package io.perfkit.profiler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.testkit.InMemoryProfileStorage;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /debug/gc, /debug/io, /debug/heap/histogram and /debug/heapdump on a real server on loopback. */
final class MemoryHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  @TempDir static Path dir;
  static Profiler profiler;
  static ContinuousRecorder recorder;
  static InMemoryProfileStorage storage;
  static HttpServer open;
  static HttpServer guarded;
  static final List<DebugHttp> debugs = new ArrayList<>();
  static volatile Object sink;

  @BeforeAll
  static void start() throws Exception {
    profiler = Profiler.builder().workDir(dir.resolve("captures")).build();
    recorder = ContinuousRecorder.builder(dir.resolve("flight")).maxAge(Duration.ofMinutes(2)).maxSize(64L << 20).build().start();
    storage = new InMemoryProfileStorage();
    open = server(DebugHttp.builder(profiler, storage).continuousRecorder(recorder).build());
    guarded = server(DebugHttp.builder(profiler, storage).bearerToken("s3cret").heapDumps(4L << 30).build());
  }

  private static HttpServer server(DebugHttp debug) throws Exception {
    debugs.add(debug);
    return DebugHttpTest.server(debug);
  }

  @AfterAll
  static void stop() throws Exception {
    open.stop(0);
    guarded.stop(0);
    debugs.forEach(DebugHttp::close);
    recorder.close();
    profiler.close();
    storage.close();
  }

  private static HttpResponse<String> get(HttpServer s, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void gc_reportsTheFlightRecordersLastSeconds() throws Exception {
    for (int i = 0; i < 200_000; i++) {
      sink = new byte[1024];
    }
    System.gc();
    HttpResponse<String> r = get(open, "/debug/gc?seconds=30");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode j = JSON.readTree(r.body());
    assertTrue(j.path("pauses").path("count").asLong() >= 1, r.body());
    assertTrue(j.path("pausesByCause").has("System.gc()"), r.body());
    assertTrue(j.path("findings").toString().contains("explicit-gc"), r.body());
    HttpResponse<String> text = get(open, "/debug/gc?seconds=30&format=text");
    assertTrue(text.body().startsWith("GC report:"), text.body());
    assertEquals(400, get(open, "/debug/gc?seconds=0").statusCode());
    HttpResponse<String> bad = get(open, "/debug/gc?format=xml");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("'xml'"), bad.body());
    HttpResponse<String> none = get(guarded, "/debug/gc", "Authorization", "Bearer s3cret");
    assertEquals(404, none.statusCode());
    assertTrue(none.body().contains("continuousRecorder"), none.body());
  }

  @Test
  void gc_ofAStoredCapture() throws Exception {
    var f = profiler.capture(ProfileType.ALLOCATION, Duration.ofMillis(600), Labels.empty());
    for (int i = 0; i < 100_000; i++) {
      sink = new byte[1024];
    }
    System.gc();
    CaptureResult c = f.get(30, TimeUnit.SECONDS);
    StoredProfile p = storage.store(c.metadata(), c.file());
    HttpResponse<String> r = get(open, "/debug/profiles/" + p.id() + "/gc");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(JSON.readTree(r.body()).path("pausesByCause").has("System.gc()"), r.body());
    assertEquals(404, get(open, "/debug/profiles/nosuchprofile/gc").statusCode());
  }

  /** Reads {@code chunks} of 1000 bytes from a named pipe whose writer pauses 30 ms before each: slow file waits. */
  private static void readSlowPipe(Path pipe, int chunks) throws Exception {
    assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor(), "mkfifo");
    Thread writer = new Thread(() -> {
      try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(pipe)) {
        for (int i = 0; i < chunks; i++) {
          Thread.sleep(30);
          out.write(new byte[1000]);
          out.flush();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    writer.start();
    try (InputStream in = new java.io.FileInputStream(pipe.toFile())) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    writer.join();
    java.nio.file.Files.delete(pipe);
  }

  @Test
  void io_reportsTheRecordersSlowFile_byFileAndByDirectory() throws Exception {
    Path pipe = dir.resolve("slow-io.pipe");
    readSlowPipe(pipe, 4);
    HttpResponse<String> r = get(open, "/debug/io?seconds=30");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode row = null;
    for (JsonNode f : JSON.readTree(r.body()).path("files")) {
      row = f.path("target").asText().equals(pipe.toString()) ? f : row;
    }
    assertTrue(row != null, r.body());
    assertTrue(row.path("readBytes").asLong() >= 3000, "at least three of the four 30 ms waits pass the 10 ms threshold: " + r.body());
    assertTrue(row.path("site").asText().endsWith("MemoryHttpTest.readSlowPipe"), r.body());
    HttpResponse<String> byDir = get(open, "/debug/io?seconds=30&group=directory&format=text");
    assertEquals(200, byDir.statusCode(), byDir.body());
    assertTrue(byDir.body().startsWith("I/O waits of at least 10 ms:") && byDir.body().contains(dir + java.io.File.separator),
        byDir.body());
    HttpResponse<String> bad = get(open, "/debug/io?group=disk");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("'disk'"), bad.body());
    assertEquals(400, get(open, "/debug/io?top=0").statusCode());
    assertEquals(400, get(open, "/debug/io?path=/etc/passwd").statusCode(), "no parameter names a path");
    assertEquals(404, get(guarded, "/debug/io", "Authorization", "Bearer s3cret").statusCode());
  }

  @Test
  void io_ofAStoredRequestSnapshot_isThatRequestsWaits() throws Exception {
    java.time.Instant start = java.time.Instant.now();
    readSlowPipe(dir.resolve("request.pipe"), 3);
    java.time.Instant end = java.time.Instant.now();
    Thread other = new Thread(() -> {
      try {
        readSlowPipe(dir.resolve("elsewhere.pipe"), 3);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    other.start();
    other.join();
    Labels request = Labels.of(io.perfkit.api.ProfileLabels.THREAD_ID, Long.toString(Thread.currentThread().getId()),
        io.perfkit.api.ProfileLabels.REQUEST_START, start.toString(), io.perfkit.api.ProfileLabels.REQUEST_END, end.toString(),
        io.perfkit.api.ProfileLabels.DURATION_MS, Long.toString(Duration.between(start, end).toMillis()),
        io.perfkit.api.ProfileLabels.PATH, "/report", io.perfkit.api.ProfileLabels.CPU_THROTTLED_MS, "38");
    CaptureResult c = recorder.snapshot(start.minusSeconds(1), java.time.Instant.now(), ProfileType.CPU, request);
    StoredProfile p;
    try (var collector = io.perfkit.profiler.delivery.ProfileCollector.builder(storage).build()) {
      collector.accept(c);
    }
    p = storage.query(io.perfkit.api.storage.ProfileQuery.builder().label(io.perfkit.api.ProfileLabels.PATH, "/report").build()).get(0);
    long ioWait = Long.parseLong(p.metadata().labels().get(io.perfkit.api.ProfileLabels.IO_WAIT_MS).orElseThrow());
    assertTrue(ioWait >= 40, "two of three 30 ms waits at least pass the 10 ms threshold: " + p.metadata().labels());
    assertTrue(p.metadata().labels().get(io.perfkit.api.ProfileLabels.IO_TARGET).orElseThrow().endsWith("request.pipe"),
        p.metadata().labels().toString());
    HttpResponse<String> top = get(open, "/debug/profiles/" + p.id() + "/top");
    assertTrue(top.body().contains("request /report: ") && top.body().contains(", held back by the CPU quota 38 ms, waiting on I/O "
        + ioWait + " ms (longest on "),
        top.body());
    HttpResponse<String> mine = get(open, "/debug/profiles/" + p.id() + "/io?format=text");
    assertEquals(200, mine.statusCode(), mine.body());
    assertTrue(mine.body().contains("request.pipe") && !mine.body().contains("elsewhere.pipe"), mine.body());
    HttpResponse<String> all = get(open, "/debug/profiles/" + p.id() + "/io?format=text&scope=all");
    assertTrue(all.body().contains("request.pipe") && all.body().contains("elsewhere.pipe"), all.body());
    assertEquals(400, get(open, "/debug/profiles/" + p.id() + "/io?scope=everything").statusCode());
  }

  @Test
  void pinning_reportsTheRecordersLastSeconds_emptyWhereNothingPins() throws Exception {
    HttpResponse<String> r = get(open, "/debug/pinning?seconds=30&format=text");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().startsWith("Virtual threads pinned: "), r.body());
    JsonNode j = JSON.readTree(get(open, "/debug/pinning").body());
    assertTrue(j.has("sites") && j.has("submitFailures"), j.toString());
    assertEquals(400, get(open, "/debug/pinning?top=0").statusCode());
    assertEquals(404, get(guarded, "/debug/pinning", "Authorization", "Bearer s3cret").statusCode());
  }

  @Test
  void histogram_secondCallShowsWhatGrew() throws Exception {
    List<long[]> kept = new ArrayList<>();
    HttpResponse<String> first = get(open, "/debug/heap/histogram?top=5");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals(5, JSON.readTree(first.body()).path("classes").size(), first.body());
    for (int i = 0; i < 50_000; i++) {
      kept.add(new long[8]);
    }
    HttpResponse<String> second = get(open, "/debug/heap/histogram?top=5&format=text");
    assertEquals(200, second.statusCode());
    assertTrue(second.body().contains("classes growing"), second.body());
    assertTrue(second.body().contains("[J"), "the long arrays kept: " + second.body());
    sink = kept;
    assertEquals(400, get(open, "/debug/heap/histogram?top=0").statusCode());
  }

  @Test
  void heapDump_isOffUnlessEnabled_guardedByTheToken_andIsARealHprof() throws Exception {
    HttpResponse<String> off = get(open, "/debug/heapdump");
    assertEquals(404, off.statusCode());
    assertTrue(off.body().contains("heap dumps are off"), off.body());
    assertEquals(401, get(guarded, "/debug/heapdump").statusCode());
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guarded.getAddress().getPort()
        + "/debug/heapdump?live=true")).header("Authorization", "Bearer s3cret").build();
    HttpResponse<InputStream> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    long size = 0;
    byte[] head;
    try (InputStream in = r.body()) {
      head = in.readNBytes(18);
      size = head.length + in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertEquals("JAVA PROFILE 1.0.2", new String(head, StandardCharsets.US_ASCII));
    assertEquals(size, Long.parseLong(r.headers().firstValue("Content-Length").orElseThrow()));
    assertEquals(400, get(guarded, "/debug/heapdump?live=maybe", "Authorization", "Bearer s3cret").statusCode());
    IllegalStateException noToken = assertThrows(IllegalStateException.class,
        () -> DebugHttp.builder(profiler, storage).heapDumps(1L << 30).build());
    assertTrue(noToken.getMessage().contains("bearer token"), noToken.getMessage());
  }

  @Test
  void heapDump_overTheSizeLimit_isRefusedWithTheNumbers() throws Exception {
    HttpServer tiny = server(DebugHttp.builder(profiler, storage).bearerToken("t").heapDumps(1024).build());
    try {
      HttpResponse<String> r = get(tiny, "/debug/heapdump", "Authorization", "Bearer t");
      assertEquals(409, r.statusCode(), r.body());
      assertTrue(r.body().contains("above the dump limit of 1 KiB"), r.body());
    } finally {
      tiny.stop(0);
    }
  }
}
