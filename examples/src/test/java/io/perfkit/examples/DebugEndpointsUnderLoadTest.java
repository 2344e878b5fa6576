package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server example as a user runs it (the application on its server with 8 handler threads,
 * the monitor and debug endpoints on the management server, real JFR, real storage), under a
 * storm of capture requests.
 */
final class DebugEndpointsUnderLoadTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Far above /fast's own latency (a few ms), far below a starved server's (the test's end). */
  private static final Duration FAST_DEADLINE = Duration.ofSeconds(2);

  @TempDir Path dir;
  private DemoService service;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    service = DemoService.start(dir.resolve("data"), line -> { });
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  private HttpRequest request(String base, String path, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(base + path.substring(1))).timeout(timeout).build();
  }

  @Test
  void twentyCaptures_ofEveryKind_neverStopTheApplicationAnswering() throws Exception {
    String[] storm = {
        "/debug/profile?type=cpu&seconds=3", "/debug/profile?type=cpu&seconds=1", "/debug/profile?type=allocation&seconds=2",
        "/debug/profile?type=lock&seconds=2", "/debug/profile?type=io&seconds=2", "/debug/profile?type=cpu&seconds=600",
        "/debug/profile?type=allocation&seconds=600", "/debug/profile?type=heap&seconds=2", "/debug/profile?seconds=1",
        "/debug/profile?type=bogus", "/debug/profile?seconds=abc", "/debug/profile?seconds=0", "/debug/profile?seconds=-5",
        "/debug/profile?type=cpu&type=io", "/debug/profile?what=1", "/debug/profile?type=cpu&seconds=2",
        "/debug/profile?type=io&seconds=1", "/debug/profile?type=lock&seconds=301", "/debug/profile?type=thread_dump",
        "/debug/profile?type=%F0%9F%94%A5&seconds=1"};
    assertEquals(20, storm.length);
    AtomicBoolean stormRunning = new AtomicBoolean(true);
    List<Long> fastNanos = new ArrayList<>();
    CompletableFuture<Void> fastLoop = CompletableFuture.runAsync(() -> {
      try {
        while (stormRunning.get() || fastNanos.size() < 20) {
          long t0 = System.nanoTime();
          HttpResponse<String> r = client.send(request(service.url(), "/fast", FAST_DEADLINE), HttpResponse.BodyHandlers.ofString());
          assertEquals(200, r.statusCode());
          fastNanos.add(System.nanoTime() - t0);
        }
      } catch (Exception e) {
        throw new AssertionError("/fast did not answer within " + FAST_DEADLINE + " during the capture storm", e);
      }
    });
    List<CompletableFuture<HttpResponse<byte[]>>> captures = new ArrayList<>();
    for (String path : storm) {
      captures.add(client.sendAsync(request(service.managementUrl(), path, Duration.ofSeconds(60)), HttpResponse.BodyHandlers.ofByteArray()));
    }
    int ok = 0;
    int refused = 0;
    int bad = 0;
    for (int i = 0; i < storm.length; i++) {
      HttpResponse<byte[]> r;
      try {
        r = captures.get(i).get(90, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new AssertionError(storm[i] + " got no answer; pending captures " + service.debug.pendingCaptures()
            + ", running " + service.profiler.running(), e);
      }
      String body = new String(r.body(), StandardCharsets.UTF_8);
      int status = r.statusCode();
      assertTrue(status == 200 || status == 400 || status == 409 || status == 429, storm[i] + " -> " + status + " " + body);
      if (status == 200) {
        ok++;
        if (!storm[i].contains("thread_dump")) {
          assertEquals("FLR", new String(r.body(), 0, 3, StandardCharsets.US_ASCII), storm[i]);
        }
      } else {
        JsonNode error = JSON.readTree(r.body());
        assertEquals(status, error.get("status").asInt(), body);
        assertFalse(body.contains("Exception"), body);
        if (status == 400) {
          bad++;
        } else {
          refused++;
          assertTrue(Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow()) >= 1, body);
        }
      }
    }
    stormRunning.set(false);
    fastLoop.get(30, TimeUnit.SECONDS);
    assertEquals(10, bad, "the malformed and out-of-range requests");
    assertTrue(ok >= 3, "some captures ran: " + ok + " ok, " + refused + " refused");
    // a capture's file and permit are released once its exchange closes, just after the client
    // has read the last byte: wait for that (bounded), then check
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((service.debug.pendingCaptures() != 0 || !captureFiles().isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, service.debug.pendingCaptures());
    assertTrue(service.profiler.running().isEmpty());
    assertEquals(List.of(), captureFiles(), "every capture file was released");
    fastNanos.sort(null);
    System.out.printf("/fast during the storm: %d requests, median %.1f ms, max %.1f ms%n", fastNanos.size(),
        fastNanos.get(fastNanos.size() / 2) / 1e6, fastNanos.get(fastNanos.size() - 1) / 1e6);
  }

  private List<Path> captureFiles() throws java.io.IOException {
    try (Stream<Path> left = Files.list(service.profiler.workDir())) {
      return left.toList();
    }
  }

  @Test
  void twoJoinersOfOneCapture_oneStoredAndOneStreamed_bothKeepTheirProfile() throws Exception {
    CompletableFuture<StoredProfile> kept = new CompletableFuture<>();
    service.collector.onStored(p -> {
      if (p.metadata().labels().get("who").filter("collector"::equals).isPresent()) {
        kept.complete(p);
      }
    });
    CompletableFuture<CaptureResult> stored = service.profiler.capture(ProfileType.CPU, Duration.ofSeconds(3),
        Labels.of("trigger", "test", "who", "collector"));
    stored.thenAccept(service.collector::submit);
    Thread hot = new Thread(() -> DemoService.verySlowWork());
    hot.start();
    HttpResponse<byte[]> streamed = client.send(request(service.managementUrl(), "/debug/profile?type=cpu&seconds=1", Duration.ofSeconds(30)),
        HttpResponse.BodyHandlers.ofByteArray());
    hot.join();
    assertEquals(200, streamed.statusCode(), new String(streamed.body(), StandardCharsets.UTF_8));
    Path mine = dir.resolve("streamed.jfr");
    Files.write(mine, streamed.body());
    assertTrue(StackProfile.read(mine, ProfileType.CPU).events() > 0);
    CaptureResult owner = stored.get(30, TimeUnit.SECONDS);
    assertEquals(owner.metadata().start().getEpochSecond() + "",
        streamed.headers().firstValue("Content-Disposition").orElseThrow().replaceAll(".*cpu-(\\d+)\\.jfr.*", "$1"),
        "the HTTP request joined the running capture");
    StoredProfile p = kept.get(30, TimeUnit.SECONDS);
    Path fromStorage = dir.resolve("stored.jfr");
    try (InputStream in = service.storage.openContent(p.id())) {
      Files.copy(in, fromStorage);
    }
    assertEquals(Files.size(mine), Files.size(fromStorage), "the same recording, whole in both places");
    assertTrue(StackProfile.read(fromStorage, ProfileType.CPU).events() > 0);
  }
}
