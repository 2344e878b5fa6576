package io.perfkit.profiler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.perfkit.profiler.analysis.ChunkFixture;
import io.perfkit.profiler.analysis.ProfileMerge;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.testkit.InMemoryProfileStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /debug/merge, /debug/merge/diff and /debug/ against a real server on loopback, bad input included. */
final class MergeHttpTest {

  @TempDir static Path dir;
  static Profiler profiler;
  static DebugHttp debug;
  static HttpServer server;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    InMemoryProfileStorage storage = new InMemoryProfileStorage();
    ChunkFixture.tenMinutesFromTwoInstances(storage);
    ChunkFixture.store(storage, "checkout", "pod-c", 3, ProfileMerge.FORMAT, "garbage\n");
    profiler = Profiler.builder().workDir(dir).build();
    debug = DebugHttp.builder(profiler, storage).maxMergedProfiles(25).build();
    server = DebugHttpTest.server(debug);
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    debug.close();
    profiler.close();
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String window(String prefix, int from, int to) {
    return "&" + prefix + "since=" + ChunkFixture.T0.plusSeconds(60L * from) + "&" + prefix + "until="
        + ChunkFixture.T0.plusSeconds(60L * to);
  }

  @Test
  void aMergedWindow_asTopFlameCollapsedAndPprof_countingWhatItCouldNotRead() throws Exception {
    HttpResponse<String> top = get("/debug/merge?type=cpu&label=service:checkout" + window("", 0, 5));
    assertEquals(200, top.statusCode(), top.body());
    assertTrue(top.body().startsWith("cpu merge of 10 profiles (1 skipped): 1000 events"), top.body());
    assertTrue(top.body().contains("\n  60.00%      600   60.00%      600  Shop.price\n"), top.body());
    assertEquals("10", top.headers().firstValue("X-Perfkit-Merged").orElseThrow());
    assertEquals("1", top.headers().firstValue("X-Perfkit-Skipped").orElseThrow());
    HttpResponse<String> flame = get("/debug/merge?type=cpu&label=service:checkout&view=flame" + window("", 0, 5));
    assertEquals(200, flame.statusCode());
    assertTrue(flame.body().contains("Shop.price") && flame.body().contains("<html"), flame.body().substring(0, 200));
    HttpResponse<String> collapsed = get("/debug/merge?type=cpu&label=service:search&view=collapsed");
    assertTrue(collapsed.body().contains("Thread.run;Shop.checkout;Shop.price 100\n"), collapsed.body());
    HttpResponse<byte[]> pprof = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.getAddress().getPort() + "/debug/merge?type=cpu&label=service:search&view=pprof")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, pprof.statusCode());
    assertEquals(0x1f, pprof.body()[0] & 0xff, "gzip");
  }

  @Test
  void twoWindows_theMethodMadeSlowerIsCostlierPerSecond() throws Exception {
    HttpResponse<String> diff = get("/debug/merge/diff?type=cpu&label=service:checkout" + window("base.", 0, 5)
        + window("target.", 5, 10));
    assertEquals(200, diff.statusCode(), diff.body());
    assertTrue(diff.body().startsWith("base: 10 profiles, 600 s; target: 10 profiles, 600 s"), diff.body());
    assertTrue(diff.body().lines().anyMatch(l -> l.contains("Shop.tax") && l.contains("+100")), diff.body());
    HttpResponse<String> html = get("/debug/merge/diff?type=cpu&format=html&label=service:checkout" + window("base.", 0, 5)
        + window("target.", 5, 10));
    assertEquals(200, html.statusCode());
    HttpResponse<String> empty = get("/debug/merge/diff?type=cpu&label=service:none" + window("base.", 0, 5)
        + window("target.", 5, 10));
    assertEquals(404, empty.statusCode(), empty.body());
  }

  @Test
  void badQueries_getA4xxNamingTheProblem() throws Exception {
    HttpResponse<String> tooMany = get("/debug/merge?type=cpu&label=service:checkout");
    assertEquals(400, tooMany.statusCode());
    assertTrue(tooMany.body().contains("more than 25 profiles (maxProfiles)"), tooMany.body());
    HttpResponse<String> noType = get("/debug/merge?label=service:checkout");
    assertEquals(400, noType.statusCode());
    assertTrue(noType.body().contains("'type' is required"), noType.body());
    HttpResponse<String> view = get("/debug/merge?type=cpu&view=pie");
    assertEquals(400, view.statusCode());
    assertTrue(view.body().contains("'pie'"), view.body());
    HttpResponse<String> label = get("/debug/merge?type=cpu&label=service");
    assertEquals(400, label.statusCode());
    assertTrue(label.body().contains("'service' is not key:value"), label.body());
  }

  @Test
  void mergesPastTheLimit_get429AtOnce_andTheHandlerThreadsStayFree() throws Exception {
    java.util.concurrent.CountDownLatch inQuery = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    InMemoryProfileStorage chunks = new InMemoryProfileStorage();
    ChunkFixture.tenMinutesFromTwoInstances(chunks);
    // a storage whose queries wait until released, as a slow bucket would
    io.perfkit.api.storage.ProfileStorage slow = org.mockito.Mockito.mock(io.perfkit.api.storage.ProfileStorage.class,
        org.mockito.AdditionalAnswers.delegatesTo(chunks));
    org.mockito.Mockito.doAnswer(inv -> {
      inQuery.countDown();
      release.await();
      return chunks.query(inv.getArgument(0));
    }).when(slow).query(org.mockito.ArgumentMatchers.any());
    try (DebugHttp one = DebugHttp.builder(profiler, slow).maxConcurrentMerges(1).build()) {
      HttpServer s = DebugHttpTest.server(one);
      try {
        String base = "http://127.0.0.1:" + s.getAddress().getPort();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> first = CLIENT.sendAsync(HttpRequest.newBuilder(
            URI.create(base + "/debug/merge?type=cpu&label=service:search")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(inQuery.await(10, java.util.concurrent.TimeUnit.SECONDS));
        HttpResponse<String> second = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/debug/merge?type=cpu")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(429, second.statusCode(), second.body());
        assertEquals("1", second.headers().firstValue("Retry-After").orElseThrow());
        // the merge waits on its own thread: both handler threads still answer
        for (int i = 0; i < 3; i++) {
          assertEquals(200, CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/debug/")).build(),
              HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        release.countDown();
        assertEquals(200, first.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
      } finally {
        release.countDown();
        s.stop(0);
      }
    }
  }

  @Test
  void theIndex_listsEveryEndpoint() throws Exception {
    for (String path : new String[] {"/debug", "/debug/"}) {
      HttpResponse<String> index = get(path);
      assertEquals(200, index.statusCode(), path);
      assertTrue(index.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
      for (String endpoint : new String[] {"/debug/profile?", "/debug/threads", "/debug/profiles", "/debug/merge?",
          "/debug/merge/diff?", "/debug/pinning", "/debug/heapdump"}) {
        assertTrue(index.body().contains("<code>" + endpoint) || index.body().contains(">" + endpoint),
            endpoint + " in " + index.body());
      }
    }
    assertEquals(DebugIndex.ENTRIES.size(), get("/debug/").body().split("<tr>").length - 1);
  }
}
