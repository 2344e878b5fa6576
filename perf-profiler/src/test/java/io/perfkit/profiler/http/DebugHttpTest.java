package io.perfkit.profiler.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.profiler.Workloads;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.testkit.InMemoryProfileStorage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every /debug endpoint against a real server on loopback, including bad input and the token. */
final class DebugHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static InMemoryProfileStorage storage;
  static Profiler profiler;
  static HttpServer open;
  static HttpServer guarded;
  static StoredProfile cpu;
  static StoredProfile cpuAfter;
  static StoredProfile dump;
  static byte[] cpuBytes;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    storage = new InMemoryProfileStorage();
    profiler = Profiler.builder().workDir(dir).maxConcurrentRecordings(2).build();
    Thread hot = Workloads.background("hot", () -> Workloads.spinInUniquelyNamedHotMethod(1200));
    CaptureResult r = profiler.capture(ProfileType.CPU, Duration.ofMillis(900), Labels.empty()).get(30, TimeUnit.SECONDS);
    hot.join();
    cpuBytes = Files.readAllBytes(r.file());
    Instant t = Instant.parse("2026-11-27T10:00:00Z");
    cpu = storage.store(new ProfileMetadata(ProfileType.CPU, t, Duration.ofMillis(900), "jfr",
        Labels.of("path", "/checkout", "note", "a:b:c")), new ByteArrayInputStream(cpuBytes));
    Thread other = Workloads.background("other", () -> Workloads.otherBusyMethod(1200));
    CaptureResult r2 = profiler.capture(ProfileType.CPU, Duration.ofMillis(900), Labels.empty()).get(30, TimeUnit.SECONDS);
    other.join();
    cpuAfter = storage.store(new ProfileMetadata(ProfileType.CPU, t.plusSeconds(60), Duration.ofMillis(300), "jfr",
        Labels.of("path", "/checkout")), r2.file());
    dump = storage.store(new ProfileMetadata(ProfileType.THREAD_DUMP, t.plusSeconds(120), Duration.ZERO, "txt",
        Labels.empty()), new ByteArrayInputStream("\"main\" RUNNABLE".getBytes(StandardCharsets.UTF_8)));
    open = server(DebugHttp.builder(profiler, storage).maxCaptureSeconds(1).build());
    guarded = server(DebugHttp.builder(profiler, storage).bearerToken("s3cret").build());
  }

  /** A real server on loopback, on a free port, with the debug routes and two handler threads. */
  static HttpServer server(DebugHttp debug) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    debug.mount(s);
    s.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
    s.start();
    return s;
  }

  @AfterAll
  static void stop() {
    open.stop(0);
    guarded.stop(0);
    profiler.close();
  }

  private static HttpResponse<byte[]> get(HttpServer s, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static String error(HttpResponse<byte[]> r) throws Exception {
    return JSON.readTree(r.body()).get("error").asText();
  }

  @Test
  void profiles_listsJsonNewestFirst_withEveryFilter() throws Exception {
    HttpResponse<byte[]> r = get(open, "/debug/profiles");
    assertEquals(200, r.statusCode());
    JsonNode list = JSON.readTree(r.body());
    assertTrue(list.isArray());
    assertEquals(dump.id(), list.get(0).get("id").asText());
    JsonNode first = list.get(2);
    assertEquals(cpu.id(), first.get("id").asText());
    assertEquals("cpu", first.get("type").asText());
    assertEquals("2026-11-27T10:00:00Z", first.get("start").asText());
    assertEquals(900, first.get("durationMs").asInt());
    assertEquals("jfr", first.get("format").asText());
    assertEquals(cpuBytes.length, first.get("sizeBytes").asLong());
    assertEquals("/checkout", first.get("labels").get("path").asText());

    assertEquals(2, JSON.readTree(get(open, "/debug/profiles?type=CPU").body()).size());
    assertEquals(3, JSON.readTree(get(open, "/debug/profiles?type=cpu&type=thread_dump").body()).size());
    assertEquals(1, JSON.readTree(get(open, "/debug/profiles?since=2026-11-27T10:01:00Z&until=2026-11-27T10:02:00Z").body()).size());
    assertEquals(1, JSON.readTree(get(open, "/debug/profiles?minDuration=PT0.5S").body()).size());
    assertEquals(2, JSON.readTree(get(open, "/debug/profiles?minDuration=300").body()).size());
    assertEquals(1, JSON.readTree(get(open, "/debug/profiles?label=note:a:b:c").body()).size());
    assertEquals(1, JSON.readTree(get(open, "/debug/profiles?label=path:/checkout&label=note:a:b:c").body()).size());
    assertEquals(1, JSON.readTree(get(open, "/debug/profiles?limit=1").body()).size());
  }

  @Test
  void profiles_badParameters_get400NamingTheValue() throws Exception {
    HttpResponse<byte[]> type = get(open, "/debug/profiles?type=wall");
    assertEquals(400, type.statusCode());
    assertTrue(error(type).startsWith("unknown profile type 'wall'"), error(type));
    assertEquals("since 'yesterday' is not an ISO-8601 instant such as 2026-11-27T10:00:00Z",
        error(get(open, "/debug/profiles?since=yesterday")));
    assertEquals("minDuration 'soon' is not a duration; use " + io.perfkit.api.Durations.GRAMMAR + ", or whole milliseconds",
        error(get(open, "/debug/profiles?minDuration=soon")));
    assertEquals("label 'nocolon' is not key:value", error(get(open, "/debug/profiles?label=nocolon")));
    assertEquals("limit '0' must be a whole number from 1 to 1000", error(get(open, "/debug/profiles?limit=0")));
    assertEquals("unknown parameter 'typo'; known: type, since, until, minDuration, label, limit",
        error(get(open, "/debug/profiles?typo=1")));
  }

  @Test
  void profileById_downloadsTheContent_andBadOrUnknownIdsGet4xx() throws Exception {
    HttpResponse<byte[]> r = get(open, "/debug/profiles/" + cpu.id());
    assertEquals(200, r.statusCode());
    assertArrayEquals(cpuBytes, r.body());
    HttpResponse<byte[]> bad = get(open, "/debug/profiles/..%2F..%2Fetc%2Fpasswd");
    assertEquals(400, bad.statusCode());
    assertEquals("profile id '../../etc/passwd' is invalid; ids are 1 to 128 of [A-Za-z0-9_-]", error(bad));
    assertEquals(404, get(open, "/debug/profiles/nope").statusCode());
    assertEquals(404, get(open, "/debug/profiles/" + cpu.id() + "/nope").statusCode());
  }

  @Test
  void top_flame_pprof_ofAStoredProfile() throws Exception {
    HttpResponse<byte[]> top = get(open, "/debug/profiles/" + cpu.id() + "/top?n=5");
    assertEquals(200, top.statusCode());
    // the row after the table's header (a warning of few samples may come before it)
    String firstRow = text(top).lines().dropWhile(l -> !l.trim().startsWith("self%")).skip(1).findFirst().orElse("");
    assertTrue(firstRow.endsWith("io.perfkit.profiler.Workloads.spinInUniquelyNamedHotMethod"), text(top));
    HttpResponse<byte[]> flame = get(open, "/debug/profiles/" + cpu.id() + "/flame");
    assertTrue(text(flame).startsWith("<!DOCTYPE html>") && text(flame).contains("spinInUniquelyNamedHotMethod"));
    HttpResponse<byte[]> pprof = get(open, "/debug/profiles/" + cpu.id() + "/pprof");
    assertEquals(200, pprof.statusCode());
    assertEquals((byte) 0x1f, pprof.body()[0]);
    assertEquals((byte) 0x8b, pprof.body()[1]);
    String proto = new String(new java.util.zip.GZIPInputStream(new ByteArrayInputStream(pprof.body())).readAllBytes(),
        StandardCharsets.ISO_8859_1);
    assertTrue(proto.contains("thread_id") && proto.contains("io/perfkit/profiler/Workloads.java"),
        "samples carry their thread, functions their source file");
    HttpResponse<byte[]> dumpTop = get(open, "/debug/profiles/" + dump.id() + "/top");
    assertEquals(400, dumpTop.statusCode());
    assertEquals("profile " + dump.id() + " is a thread_dump (txt); it has no stacks to analyze", error(dumpTop));
    assertEquals("n '0' must be a whole number from 1 to 1000", error(get(open, "/debug/profiles/" + cpu.id() + "/top?n=0")));
  }

  @Test
  void diff_textAndHtml_andItsErrors() throws Exception {
    HttpResponse<byte[]> d = get(open, "/debug/diff?base=" + cpu.id() + "&target=" + cpuAfter.id());
    assertEquals(200, d.statusCode(), text(d));
    String report = text(d);
    assertTrue(report.contains("otherBusyMethod") && report.contains("spinInUniquelyNamedHotMethod"), report);
    HttpResponse<byte[]> html = get(open, "/debug/diff?base=" + cpu.id() + "&target=" + cpuAfter.id() + "&format=html");
    assertTrue(text(html).contains("\"diff\":true"));
    assertEquals("parameter 'target' (a profile id) is required", error(get(open, "/debug/diff?base=" + cpu.id())));
    assertEquals("cannot diff a cpu profile against a thread_dump profile",
        error(get(open, "/debug/diff?base=" + cpu.id() + "&target=" + dump.id())));
    assertEquals("format 'pdf' is unknown; use text or html",
        error(get(open, "/debug/diff?base=" + cpu.id() + "&target=" + cpuAfter.id() + "&format=pdf")));
  }

  @Test
  void threadsAndFreshCaptures() throws Exception {
    HttpResponse<byte[]> threads = get(open, "/debug/threads");
    assertEquals(200, threads.statusCode());
    assertTrue(text(threads).contains("Thread dump at"), text(threads));
    HttpResponse<byte[]> capture = get(open, "/debug/profile?type=cpu&seconds=1");
    assertEquals(200, capture.statusCode(), text(capture));
    assertEquals("FLR", new String(capture.body(), 0, 3, StandardCharsets.US_ASCII));
    assertEquals(400, get(open, "/debug/profile?type=bogus").statusCode());
    assertEquals("seconds 'x' must be a whole number from 1 to 1", error(get(open, "/debug/profile?seconds=x")));
    assertEquals("seconds '5' must be a whole number from 1 to 1", error(get(open, "/debug/profile?seconds=5")));
    assertEquals("seconds '0' must be a whole number from 1 to 1", error(get(open, "/debug/profile?seconds=0")));
  }

  @Test
  void unknownPathsAndMethods() throws Exception {
    assertEquals(404, get(open, "/debug/nope").statusCode());
    HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + open.getAddress().getPort() + "/debug/profiles"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }

  @Test
  void bearerToken_isRequiredOnEveryDebugPath() throws Exception {
    for (String path : new String[] {"/debug/profiles", "/debug/threads", "/debug/profiles/" + cpu.id(), "/debug/nope"}) {
      assertEquals(401, get(guarded, path).statusCode(), path);
      assertEquals(401, get(guarded, path, "Authorization", "Bearer wrong").statusCode(), path);
    }
    assertEquals(200, get(guarded, "/debug/profiles", "Authorization", "Bearer s3cret").statusCode());
    assertEquals("Bearer realm=\"perfkit\"", get(guarded, "/debug/threads").headers().firstValue("WWW-Authenticate").orElseThrow());
  }
}
