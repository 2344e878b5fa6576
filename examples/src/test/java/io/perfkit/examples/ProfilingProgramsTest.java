package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.storage.file.FileProfileStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke tests of the profiler's three example programs, with short durations. */
final class ProfilingProgramsTest {

  @TempDir Path dir;

  @Test
  void profiling_capturesAndSummarizesEachType() throws Exception {
    ProgramRunner p = new ProgramRunner();
    assertEquals(0, p.run("profiling", "--duration", "1", "--out", dir.toString()), p.err());
    String out = p.out();
    assertTrue(out.matches("(?s).*cpu profile: \\d+ events, \\d+ samples in all.*"), out);
    assertTrue(out.contains("ProfilingProgram.fibonacciish"), out);
    assertTrue(out.matches("(?s).*allocation profile: \\d+ events, [0-9.]+ [KM]B in all.*"), out);
    assertTrue(out.contains("ProfilingProgram.allocationWork"), out);
    assertTrue(out.contains("ProfilingProgram.lockWork"), out);
    assertTrue(out.matches("(?s).*thread dump: \\d+ threads.*"), out);
    try (var files = Files.list(dir)) {
      assertEquals(4, files.count(), "three recordings and a dump");
    }
  }

  @Test
  void trace_printsTheTaskSummaryAndWritesTheTimeline() throws Exception {
    ProgramRunner p = new ProgramRunner();
    assertEquals(0, p.run("trace", "--rounds", "3", "--out", dir.toString()), p.err());
    String out = p.out();
    assertTrue(out.matches("(?s).*\\n  round\\s+3\\s+[0-9.]+.*"), out);
    assertTrue(out.matches("(?s).*\\n  stringBuilder\\s+3\\s+[0-9.]+.*"), out);
    // 12 tasks, 3 regions, 3 logs, and an arrow's two ends to each of the 6 subtasks on the pool
    assertTrue(out.contains("(30 events;"), out);
    assertTrue(Files.size(dir.resolve("trace.json")) > 100);
    String nesting = out.substring(out.indexOf("the last round's subtasks, nested by parent id"));
    Matcher round = Pattern.compile("(?m)^  round +[0-9.]+  (.+)$").matcher(nesting);
    assertTrue(round.find(), nesting);
    Matcher concat = Pattern.compile("(?m)^    concat +[0-9.]+  (.+)$").matcher(nesting);
    assertTrue(concat.find(), nesting);
    assertEquals(round.group(1), concat.group(1), "concat runs on the round's thread: " + nesting);
    for (String onPool : List.of("stringBuilder", "stringJoiner")) {
      Matcher m = Pattern.compile("(?m)^    " + onPool + " +[0-9.]+  (.+)$").matcher(nesting);
      assertTrue(m.find(), onPool + " nests under the round: " + nesting);
      assertTrue(m.group(1).matches("trace-pool-[12]") && !m.group(1).equals(round.group(1)), onPool + " on the pool: " + nesting);
    }
  }

  @Test
  void server_profilesItsVerySlowRequestIntoFileStorage() throws Exception {
    ProgramRunner p = new ProgramRunner();
    Path data = dir.resolve("perf-data");
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> p.run("server", "--duration", "6", "--data", data.toString()));
    String url = awaitListening(p);
    assertTrue(url != null, "never listened: " + p.out() + p.err());
    String management = awaitAnnounced(p, "management on");
    assertTrue(management != null && !management.equals(url), "Perfkit's endpoints on a server of their own: " + p.out());
    HttpClient client = HttpClient.newHttpClient();
    for (String path : List.of("fast", "slow", "very-slow", "fast", "health", "metrics", "debug/threads")) {
      String base = path.contains("fast") || path.contains("slow") ? url : management;
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(r.statusCode() == 200 || (path.equals("health") && r.statusCode() == 503), path + " " + r.statusCode());
    }
    assertEquals(0, run.get(), p.err());
    String out = p.out();
    assertTrue(out.matches("(?s).*requests 4, slow \\d, very slow 1; profiles stored \\d+, failed 0, dropped 0.*"), out);
    try (FileProfileStorage storage = FileProfileStorage.builder(data).open()) {
      List<StoredProfile> verySlow = storage.query(ProfileQuery.builder().types(ProfileType.CPU)
          .label("trigger", "very-slow").build());
      assertEquals(1, verySlow.size(), storage.query(ProfileQuery.all()).toString());
      assertEquals("io.perfkit.examples.DemoService.verySlowWork", verySlow.get(0).metadata().labels().get("top_1").orElseThrow());
      assertEquals("/very-slow", verySlow.get(0).metadata().labels().get("path").orElseThrow());
      assertEquals(0, storage.query(ProfileQuery.builder().types(ProfileType.ALLOCATION).label("trigger", "very-slow").build()).size(),
          "stored once: its allocation profile is the same recording read as ALLOCATION");
    }
    assertTrue(p.out().contains("listening on"));
  }

  @Test
  void server_servesTheStoredProfilesUnderDebug() throws Exception {
    ProgramRunner p = new ProgramRunner();
    Path data = dir.resolve("perf-data-2");
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> p.run("server", "--duration", "5", "--data", data.toString()));
    String url = awaitListening(p);
    assertTrue(url != null, p.out());
    String management = awaitAnnounced(p, "management on");
    HttpClient client = HttpClient.newHttpClient();
    client.send(HttpRequest.newBuilder(URI.create(url + "very-slow")).build(), HttpResponse.BodyHandlers.discarding());
    String list = "[]";
    for (int i = 0; i < 100 && list.equals("[]"); i++) {
      Thread.sleep(100);
      list = client.send(HttpRequest.newBuilder(URI.create(management + "debug/profiles?type=cpu&label=trigger:very-slow")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    }
    Matcher id = Pattern.compile("\"id\":\"([A-Za-z0-9_-]+)\"").matcher(list);
    assertTrue(id.find(), list);
    String top = client.send(HttpRequest.newBuilder(URI.create(management + "debug/profiles/" + id.group(1) + "/top")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    // the first row under the table's header (a warning about few samples may come before it)
    assertTrue(top.lines().dropWhile(l -> !l.contains("self%")).skip(1).findFirst().orElse("")
        .endsWith("DemoService.verySlowWork"), top);
    assertEquals(0, run.get(), p.err());
    try (FileProfileStorage storage = FileProfileStorage.builder(data).open()) {
      assertEquals(1, storage.query(ProfileQuery.builder().label("trigger", "very-slow").build()).size(),
          "the very-slow request's one profile: " + storage.query(ProfileQuery.all()));
    }
  }

  @Test
  void server_storesIntoAnS3Bucket_labelledWithServiceAndInstance() throws Exception {
    try (io.perfkit.storage.s3.local.LocalS3 s3 = io.perfkit.storage.s3.local.LocalS3.start(dir.resolve("s3")).bucket("fleet")) {
      String uri = s3.storageUri("fleet", "demo", "").toString();
      ProgramRunner p = new ProgramRunner();
      CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> p.run("server", "--duration", "5", "--data", uri));
      String url = awaitListening(p);
      assertTrue(url != null, p.out() + p.err());
      HttpClient client = HttpClient.newHttpClient();
      client.send(HttpRequest.newBuilder(URI.create(url + "very-slow")).build(), HttpResponse.BodyHandlers.discarding());
      assertEquals(0, run.get(), p.err());
      assertTrue(p.out().contains("profiles go to S3ProfileStorage{s3://fleet/demo/ at " + s3.endpoint()), p.out());
      assertFalse(p.out().contains(io.perfkit.storage.s3.local.LocalS3.SECRET_KEY), "no secret printed");
      try (io.perfkit.api.storage.ProfileStorage storage = io.perfkit.api.storage.ProfileStorages.open(
          URI.create(uri), java.util.Map.of())) {
        List<StoredProfile> verySlow = storage.query(ProfileQuery.builder().types(ProfileType.CPU)
            .label("trigger", "very-slow").label("service", "perfkit-demo").build());
        assertEquals(1, verySlow.size(), storage.query(ProfileQuery.all()).toString());
        assertTrue(verySlow.get(0).metadata().labels().get("instance").isPresent());
      }
    }
  }

  @Test
  void server_anS3BucketThatIsNotThere_failsClearly() {
    ProgramRunner p = new ProgramRunner();
    assertEquals(1, p.run("server", "--duration", "1", "--data",
        "s3://fleet/x?endpoint=http://127.0.0.1:1&pathStyle=true&region=us-east-1&accessKey=a&secretKey=b&timeout=1s"));
    assertTrue(p.err().contains("cannot open profile storage s3://fleet/x/") && p.err().contains("bucket 'fleet' at http://127.0.0.1:1"),
        p.err());
    assertFalse(p.err().contains("secretKey=b"), p.err());
  }

  @Test
  void server_unwritableDataDirectory_failsClearly() throws Exception {
    Path file = dir.resolve("not-a-dir");
    Files.writeString(file, "x");
    ProgramRunner p = new ProgramRunner();
    assertEquals(1, p.run("server", "--duration", "1", "--data", file.toString()));
    assertTrue(p.err().contains("not-a-dir"), p.err());
  }

  /** The URL the program says it listens on, once it says so within 10 s; null if it never does. */
  private static String awaitListening(ProgramRunner p) throws InterruptedException {
    return awaitAnnounced(p, "listening on");
  }

  /** The URL the program announces after {@code what}, once it does within 10 s; null if it never does. */
  private static String awaitAnnounced(ProgramRunner p, String what) throws InterruptedException {
    Matcher m = Pattern.compile(Pattern.quote(what) + " (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
    for (int i = 0; i < 200; i++) {
      m.reset(p.out());
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(50);
    }
    return null;
  }
}
