package io.perfkit.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Labels;
import io.perfkit.api.ServiceInstance;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.http.DebugHttp;
import io.perfkit.storage.s3.local.LocalS3;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of one service, one bucket: labelled by their collectors, listed from either. */
class FleetTest {

  @TempDir Path dir;

  private static CaptureResult dump(Path dir, String name) throws Exception {
    Path f = Files.writeString(dir.resolve(name + ".txt"), "\"main\" #1 RUNNABLE\n\tat Checkout.pay(Checkout.java:42)\n");
    return new CaptureResult(new ProfileMetadata(ProfileType.THREAD_DUMP, Instant.now(), Duration.ZERO, "txt",
        Labels.of("trigger", "on-demand")), f);
  }

  private static void awaitStored(ProfileCollector c, long n) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (c.stored() + c.failed() + c.dropped() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void eachInstancesProfilesCarryServiceAndInstance_andAnyInstanceListsTheFleet() throws Exception {
    try (LocalS3 s3 = LocalS3.start(dir.resolve("s3")).bucket("fleet");
        ProfileStorage storageA = new S3ProfileStorageProvider().open(s3.storageUri("fleet", "prod", "refreshInterval=0s"), Map.of());
        ProfileStorage storageB = new S3ProfileStorageProvider().open(s3.storageUri("fleet", "prod", "refreshInterval=0s"), Map.of());
        Profiler profiler = Profiler.builder().workDir(dir.resolve("work")).build()) {
      ServiceInstance a = ServiceInstance.fromEnvironment(Map.of("POD_NAME", "checkout-7f9c"), "APP", "POD_NAME", "checkout");
      ServiceInstance b = ServiceInstance.fromEnvironment(Map.of("POD_NAME", "checkout-x2k4"), "APP", "POD_NAME", "checkout");
      try (ProfileCollector ca = ProfileCollector.builder(storageA).fleet(a).build();
          ProfileCollector cb = ProfileCollector.builder(storageB).fleet(b).build()) {
        Files.createDirectories(dir.resolve("captures"));
        ca.submit(dump(dir.resolve("captures"), "a1"));
        cb.submit(dump(dir.resolve("captures"), "b1"));
        cb.submit(dump(dir.resolve("captures"), "b2"));
        awaitStored(ca, 1);
        awaitStored(cb, 2);
        assertEquals(1, ca.stored());
        assertEquals(2, cb.stored());
      }
      assertEquals(3, storageA.query(ProfileQuery.builder().label("service", "checkout").build()).size());
      assertEquals("on-demand", storageA.query(ProfileQuery.builder().label("instance", "checkout-x2k4").build())
          .get(0).metadata().labels().get("trigger").orElseThrow(), "the capture's own labels stay");

      HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      DebugHttp.builder(profiler, storageA).build().mount(http);
      http.start();
      try {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        String b2 = client.send(HttpRequest.newBuilder(URI.create(base + "/debug/profiles?label=instance:checkout-x2k4")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertEquals(2, b2.split("\"id\"").length - 1, b2);
        assertTrue(b2.contains("\"instance\":\"checkout-x2k4\"") && !b2.contains("checkout-7f9c"), b2);
        String all = client.send(HttpRequest.newBuilder(URI.create(base + "/debug/profiles?label=service:checkout")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertEquals(3, all.split("\"id\"").length - 1, all);
      } finally {
        http.stop(0);
      }
    }
  }

  @Test
  void aCollectorOverAServerThatIsDown_countsEachFailure_andNeverBlocksTheApplication() throws Exception {
    LocalS3 s3 = LocalS3.start(dir.resolve("s3")).bucket("fleet");
    try (ProfileStorage storage = new S3ProfileStorageProvider().open(
        s3.storageUri("fleet", "prod", "retentionInterval=0s&timeout=1s"), Map.of())) {
      s3.close();
      Files.createDirectories(dir.resolve("captures"));
      List<CaptureResult> captures = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        captures.add(dump(dir.resolve("captures"), "c" + i));
      }
      try (ProfileCollector c = ProfileCollector.builder(storage).queueCapacity(4).attempts(2, Duration.ofMillis(10))
          .fleet(new ServiceInstance("checkout", "checkout-7f9c")).build()) {
        int accepted = 0;
        for (CaptureResult r : captures) {
          accepted += c.submit(r) ? 1 : 0; // returns at once, queued or dropped
        }
        awaitStored(c, 12);
        assertEquals(0, c.stored());
        assertEquals(12, c.failed() + c.dropped());
        assertEquals(accepted, c.failed());
        assertTrue(c.dropped() > 0, "a full queue drops rather than waits");
      }
      for (CaptureResult r : captures) {
        assertFalse(Files.exists(r.file()), "each capture file is cleaned up: " + r.file());
      }
    }
  }

  @Test
  void debugProfiles_whileTheBucketIsDown_answers503NamingIt() throws Exception {
    LocalS3 s3 = LocalS3.start(dir.resolve("s3")).bucket("fleet");
    String endpoint = s3.endpoint().toString();
    try (ProfileStorage storage = new S3ProfileStorageProvider().open(
        s3.storageUri("fleet", "prod", "retentionInterval=0s&refreshInterval=0s&timeout=1s"), Map.of());
        Profiler profiler = Profiler.builder().workDir(dir.resolve("work")).build()) {
      s3.close();
      HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      DebugHttp.builder(profiler, storage).build().mount(http);
      http.start();
      try {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + http.getAddress().getPort() + "/debug/profiles?label=service:checkout")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("profile storage unavailable") && r.body().contains("bucket 'fleet' at " + endpoint), r.body());
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(""));
      } finally {
        http.stop(0);
      }
    }
  }
}
