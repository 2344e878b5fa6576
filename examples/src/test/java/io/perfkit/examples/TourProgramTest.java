package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tour, as CI runs it: ten seconds of load, then the report is checked. */
final class TourProgramTest {

  @TempDir Path dir;

  @Test
  void tour_catchesProfilesAndExplainsTheSlowRequest() throws Exception {
    ProgramRunner p = new ProgramRunner();
    int code = p.run("tour", "--duration", "10", "--data", dir.resolve("perf-data").toString());
    String out = p.out();
    assertEquals(0, code, out + p.err());
    assertEquals(1, out.lines().filter(l -> l.matches("listening on http://127\\.0\\.0\\.1:\\d+/")).count(), out);
    assertTrue(out.matches("(?s).*\\n  /very-slow\\s+\\d+\\s+\\d+(\\.\\d+)? s .*"), "over a second, in seconds:\n" + out);
    assertTrue(out.matches("(?s).*\\n  \\d\\d:\\d\\d:\\d\\d firing\\s+RequestBurst.*"), "an alert fired:\n" + out);
    alertLinesSayTheirValues(out);
    assertTrue(out.matches("(?s).*== profiles stored this run \\([1-9]\\d*, failed 0, dropped 0\\).*"), out);
    assertFalse(out.contains("from earlier runs"), "a first run has no older profiles:\n" + out);
    assertTrue(out.matches("(?s).*very-slow /very-slow \\d+ ms top: [^\\n]*DemoService\\.verySlowWork.*"), out);
    String flame = out.lines().filter(l -> l.contains("flame graph: ")).findFirst().orElseThrow();
    assertTrue(Files.readString(Path.of(flame.substring(flame.indexOf(": ") + 2))).startsWith("<!DOCTYPE html>"));
    assertTrue(out.matches("(?s).*\\n  matmul\\s+\\w+\\s+n=\\d+\\s+[0-9.,]+ [kMG]?FLOP/s\\s+[0-9.,]+x naive.*"), out);
    assertTrue(out.matches("(?s).*\\n  integrate\\s+\\w+\\s+n=\\d+\\s+[0-9.,]+ [kMG]?(eval|FLOP)/s\\s+[0-9.,]+x .*"),
        "integration says what it counts:\n" + out);
    assertTrue(out.matches("(?s).*\\n  growing\\s+\\+[0-9,]+ instances\\s+io\\.perfkit\\.examples\\.MemoryProgram\\$CachedOrder\\n.*"),
        "the memory chapter names the leaking class:\n" + out);
  }

  /** Each RequestBurst line says its rate on the side of 40/s it is on: above when firing, below when resolved. */
  private static void alertLinesSayTheirValues(String out) {
    Pattern firing = Pattern.compile("firing\\s+RequestBurst\\s+(\\d+(?:\\.\\d+)?) requests/s, above 40 requests/s");
    Pattern resolved = Pattern.compile(
        "resolved\\s+RequestBurst\\s+resolved: request rate (\\d+(?:\\.\\d+)?) requests/s, back (below|to) 40 requests/s");
    for (String l : out.lines().filter(l -> l.contains("RequestBurst")).toList()) {
      Matcher f = firing.matcher(l);
      Matcher r = resolved.matcher(l);
      if (f.find()) {
        assertTrue(Double.parseDouble(f.group(1)) > 40, l);
      } else if (r.find()) {
        double v = Double.parseDouble(r.group(1));
        assertTrue(r.group(2).equals("below") ? v < 40 : v == 40, l);
      } else if (l.matches("\\s*\\d\\d:\\d\\d:\\d\\d (firing|resolved).*")) {
        throw new AssertionError("an alert line that does not say its value: " + l);
      }
    }
  }

  @Test
  void tour_countsThisRunsProfilesApartFromOlderOnes() throws Exception {
    Path data = dir.resolve("perf-data");
    try (ProfileStorage older = ProfileStorages.open("file:" + data)) {
      older.store(ProfileMetadata.of(ProfileType.CPU, Instant.now().minus(Duration.ofDays(1)), Duration.ofSeconds(1), "jfr"),
          new ByteArrayInputStream(new byte[] {1, 2, 3}));
    }
    ProgramRunner p = new ProgramRunner();
    assertEquals(0, p.run("tour", "--duration", "3", "--data", data.toString()), p.err());
    String out = p.out();
    Matcher stored = Pattern.compile("== profiles stored this run \\((\\d+),").matcher(out);
    assertTrue(stored.find(), out);
    long listed = out.lines().filter(l -> l.matches("  (cpu|allocation|lock|io|heap|thread_dump|wall)\\s.*")).count();
    assertEquals(Long.parseLong(stored.group(1)), listed, "the list holds this run's profiles only:\n" + out);
    assertTrue(out.contains("and 1 from earlier runs in " + data.toAbsolutePath()), out);
  }

  @Test
  void tour_serve_keepsEveryEndpointsQuantilesLiveAfterTheLoad() throws Exception {
    ProgramRunner p = new ProgramRunner();
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() ->
        p.run("tour", "--duration", "3", "--serve-for", "50", "--data", dir.resolve("perf-data").toString()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!p.out().contains("serving on ") && System.nanoTime() < deadline && !code.isDone()) {
      Thread.sleep(200);
    }
    String out = p.out();
    assertTrue(out.contains("under a light load"), out + p.err());
    Matcher m = Pattern.compile("management on (http://\\S+/)").matcher(out);
    assertTrue(m.find(), out);
    // longer than the monitor's 30 s window: the tour's own load has left it by now
    Thread.sleep(TimeUnit.SECONDS.toMillis(33));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1) + "prometheus")).build(),
        HttpResponse.BodyHandlers.ofString());
    List<String> quantiles = r.body().lines().filter(l -> l.startsWith("app_http_latency") && l.contains("quantile=")).toList();
    for (String path : List.of("/fast", "/slow", "/very-slow")) {
      assertTrue(quantiles.stream().anyMatch(l -> l.contains("path=\"" + path + "\"")), path + " has quantiles: " + quantiles);
    }
    for (String l : quantiles) {
      assertFalse(l.endsWith("NaN"), "a quantile with no data in the window: " + l);
    }
    assertEquals(0, code.get(60, TimeUnit.SECONDS), p.out() + p.err());
  }

  @Test
  void tour_takenPort_failsClearly() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ProgramRunner p = new ProgramRunner();
      assertEquals(2, p.run("tour", "--port", Integer.toString(taken.getLocalPort()), "--duration", "3",
          "--data", dir.resolve("data").toString()));
      assertTrue(p.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), p.err());
    }
  }

  @Test
  void tour_unwritableDataDirectory_failsClearly() throws Exception {
    Path file = dir.resolve("file");
    Files.writeString(file, "not a directory");
    ProgramRunner p = new ProgramRunner();
    assertEquals(2, p.run("tour", "--duration", "3", "--data", file.toString()));
    assertTrue(p.err().contains("cannot use data directory " + file.toAbsolutePath()), p.err());
  }
}
