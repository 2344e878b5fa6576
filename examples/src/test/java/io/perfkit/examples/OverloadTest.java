package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perfkit.testtools.PrometheusServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server example as shipped, its 8 application handlers held by a storm of very slow
 * requests (each over a second, 350 ms of it CPU), far more than it can serve: Perfkit's
 * endpoints, on the management server, keep answering, and a real Prometheus keeps the target up.
 */
final class OverloadTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Clients of /very-slow at once: six times the application's handlers. */
  private static final int STORM_CLIENTS = 48;
  private static final Duration STORM = Duration.ofSeconds(12);
  /**
   * Far above a scrape's own latency on a busy machine (tens of ms), far below what a scrape
   * queued behind the storm waits (the queue holds about 40 requests of over a second each, on
   * 8 handlers).
   */
  private static final Duration SCRAPE_DEADLINE = Duration.ofSeconds(2);

  @TempDir Path dir;

  @Test
  void aStormOfVerySlowRequests_leavesPrometheusHealthAndStoredProfilesAnswering() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
        .build();
    ExecutorService storm = Executors.newFixedThreadPool(STORM_CLIENTS);
    AtomicBoolean storming = new AtomicBoolean(true);
    AtomicInteger slowAnswered = new AtomicInteger();
    try (DemoService service = DemoService.start(dir.resolve("data"), line -> { });
        PrometheusServer prometheus = PrometheusServer.scrape(dir.resolve("prometheus"), service.management.port(),
            "/prometheus", Duration.ofSeconds(1))) {
      prometheus.awaitUp(Duration.ofSeconds(60));
      for (int i = 0; i < STORM_CLIENTS; i++) {
        storm.execute(() -> {
          while (storming.get()) {
            try {
              client.send(HttpRequest.newBuilder(URI.create(service.url() + "very-slow")).timeout(Duration.ofSeconds(120)).build(),
                  HttpResponse.BodyHandlers.discarding());
              slowAnswered.incrementAndGet();
            } catch (Exception cutAtTheEnd) {
              return;
            }
          }
        });
      }

      List<Long> scrapeMillis = new ArrayList<>();
      boolean sawSaturated = false;
      String listed = "[]";
      long end = System.nanoTime() + STORM.toNanos();
      while (System.nanoTime() < end) {
        long t0 = System.nanoTime();
        HttpResponse<String> scrape = get(client, service.managementUrl() + "prometheus");
        scrapeMillis.add((System.nanoTime() - t0) / 1_000_000);
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.body().contains("http_server_handlers_busy{"), "the exposition shows the handlers");

        JsonNode health = JSON.readTree(get(client, service.managementUrl() + "health").body());
        sawSaturated |= health.get("saturated").toString().contains("\"app\"");

        HttpResponse<String> profiles = get(client, service.managementUrl() + "debug/profiles?type=cpu&label=trigger:very-slow");
        assertEquals(200, profiles.statusCode(), profiles.body());
        listed = profiles.body();
        Thread.sleep(250);
      }
      int answeredDuringStorm = slowAnswered.get();
      storming.set(false);

      assertTrue(sawSaturated, "/health named the application's server saturated during the storm");
      assertTrue(JSON.readTree(listed).size() >= 1, "the slow requests' stored profiles were listed during the storm: " + listed);
      long seconds = STORM.toSeconds();
      String up = "min_over_time(up{job=\"perfkit\"}[" + seconds + "s])";
      assertEquals("1", prometheus.value(up).orElse("no sample"), "Prometheus kept the target up; see " + prometheus.log());
      long scrapes = Long.parseLong(prometheus.value("count_over_time(up{job=\"perfkit\"}[" + seconds + "s])").orElse("0"));
      assertTrue(scrapes >= seconds - 2, "Prometheus scraped through the storm: " + scrapes + " scrapes in " + seconds + " s");
      scrapeMillis.sort(null);
      System.out.printf("/prometheus during the storm: %d scrapes, median %d ms, max %d ms; %d very slow requests answered%n",
          scrapeMillis.size(), scrapeMillis.get(scrapeMillis.size() / 2), scrapeMillis.get(scrapeMillis.size() - 1),
          answeredDuringStorm);
    } finally {
      storming.set(false);
      storm.shutdownNow();
      assertTrue(storm.awaitTermination(60, TimeUnit.SECONDS), "the storm's clients stopped");
    }
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    try {
      return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(SCRAPE_DEADLINE).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.net.http.HttpTimeoutException e) {
      throw new AssertionError(url + " did not answer within " + SCRAPE_DEADLINE + " during the storm", e);
    }
  }
}
