package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.perfkit.AnalysisExample;
import com.example.perfkit.ContainerExample;
import com.example.perfkit.EndpointsExample;
import com.example.perfkit.FleetExample;
import com.example.perfkit.IoExample;
import com.example.perfkit.KernelsExample;
import com.example.perfkit.MemoryExample;
import com.example.perfkit.MicrometerExample;
import com.example.perfkit.MonitorExample;
import com.example.perfkit.ProfilerExample;
import com.example.perfkit.RegressionsExample;
import com.example.perfkit.ServletExample;
import com.example.perfkit.StorageExample;
import com.example.perfkit.Work;
import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.analysis.IoReport;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.testkit.InMemoryProfileStorage;
import java.io.IOException;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of the README is a marked region of a file of the consumer project
 * ({@code examples-consumer}, the complete programs with their imports), and each runs here.
 */
final class ReadmeExamplesTest {

  private static final Path CONSUMER = Path.of("..", "examples-consumer");
  private static final Path CONSUMER_SOURCES = CONSUMER.resolve(Path.of("src", "main", "java"));
  private static final String HOT = "com.example.perfkit.Work.hotLoop";

  @TempDir Path dir;

  private static List<String> normalized(String code) {
    List<String> lines = new ArrayList<>();
    for (String l : code.split("\n")) {
      if (!l.isBlank()) {
        lines.add(l.strip());
      }
    }
    return lines;
  }

  /** The consumer's marked regions by name, each with the file that holds it, relative to the repository. */
  private static Map<String, Map.Entry<String, List<String>>> regions() throws IOException {
    Map<String, Map.Entry<String, List<String>>> regions = new TreeMap<>();
    Pattern marked = Pattern.compile("// readme:(\\w+)\n(.*?)// end", Pattern.DOTALL);
    try (Stream<Path> files = Files.walk(CONSUMER_SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String link = Path.of("..").relativize(file).toString().replace('\\', '/');
        Matcher m = marked.matcher(Files.readString(file));
        while (m.find()) {
          var previous = regions.put(m.group(1), Map.entry(link, normalized(m.group(2))));
          assertNull(previous, "two regions named " + m.group(1));
        }
      }
    }
    return regions;
  }

  @Test
  void readmeShowsExactlyTheConsumersCodeAndLinksItsFiles() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Map<String, Map.Entry<String, List<String>>> regions = regions();
    Matcher blocks = Pattern.compile("```java\n(.*?)```\n(.*?)\n\\s*\n", Pattern.DOTALL).matcher(readme);
    Set<String> shown = new TreeSet<>();
    int count = 0;
    while (blocks.find()) {
      count++;
      List<String> code = normalized(blocks.group(1));
      String name = regions.entrySet().stream().filter(e -> e.getValue().getValue().equals(code)).map(Map.Entry::getKey)
          .findFirst().orElse(null);
      assertNotNull(name, "README java block " + count + " is no region of examples-consumer:\n" + blocks.group(1));
      assertTrue(shown.add(name), "README shows region " + name + " twice");
      String link = regions.get(name).getKey();
      assertTrue(blocks.group(2).contains("](" + link + ")"),
          "README java block " + count + " (" + name + ") is not followed by a link to " + link + ": " + blocks.group(2));
    }
    assertEquals(regions.keySet(), shown, "the consumer's regions the README shows");
  }

  /** The consumer project's dependencies are those the README's Maven section lists, never the test kit. */
  @Test
  void consumerDependsOnWhatTheReadmeLists() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String maven = readme.substring(readme.indexOf("## Using Perfkit from Maven"));
    maven = maven.substring(0, maven.indexOf("\n## ", 3));
    String pom = Files.readString(CONSUMER.resolve("pom.xml"));
    Pattern artifact = Pattern.compile("<artifactId>([\\w.-]+)</artifactId>");
    Set<String> fromPom = new TreeSet<>();
    int dependencies = pom.indexOf("<dependencies>", pom.indexOf("</dependencyManagement>"));
    Matcher m = artifact.matcher(pom.substring(dependencies, pom.indexOf("</dependencies>", dependencies)));
    while (m.find()) {
      fromPom.add(m.group(1));
    }
    Set<String> fromReadme = new TreeSet<>();
    m = Pattern.compile("(?m)^\\| `([\\w.-]+)` \\|").matcher(maven);   // the first column of its table
    while (m.find()) {
      fromReadme.add(m.group(1));
    }
    assertEquals(fromReadme, fromPom, "artifacts the README's Maven section names vs the consumer's dependencies");
    assertFalse(fromPom.contains("perf-testkit"));
  }

  private Path record(String name, long hotMillis) throws Exception {
    Path file = dir.resolve(name + ".jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.start();
      Work.hotLoop(hotMillis);
      r.stop();
      r.dump(file);
    }
    return file;
  }

  @Test
  void monitorExampleRuns() throws Exception {
    assertTrue(MonitorExample.run().contains("\"status\":\"UP\""));
  }

  @Test
  void continuousExample_mergesItsChunks_withTheHotLoopOnTop(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    List<MethodStat> top = com.example.perfkit.ContinuousExample.run(dir);
    assertEquals("com.example.perfkit.Work.hotLoop", top.get(0).method(), top.toString());
  }

  @Test
  void poolExample_timesTheQueueWaitOfEveryTask() throws Exception {
    double p99 = MonitorExample.pools();
    // 20 tasks of 10 ms on 2 threads: the last ones wait about 90 ms
    assertTrue(p99 >= 0.08 && p99 < 5, "p99 queue wait " + p99);
  }

  @Test
  void fleetExample_keepsTheValueInTheBucketThatHoldsIt() {
    io.perfkit.monitor.NativeHistogram buckets = MonitorExample.fleet();
    assertEquals(1, buckets.totalCount());
    double upper = io.perfkit.monitor.NativeHistogram.upperBound(buckets.index(0));
    assertTrue(upper >= 0.042 && io.perfkit.monitor.NativeHistogram.upperBound(buckets.index(0) - 1) < 0.042, "bound " + upper);
  }

  @Test
  void containerExampleRuns_registeringOnlyContainerMetrics_andOnlyWhereThereAreLimits() throws Exception {
    List<String> metrics = ContainerExample.run();
    assertTrue(metrics.stream().allMatch(m -> m.startsWith("container.")), metrics.toString());
    assertEquals(metrics.contains("container.cpu.limit"), metrics.contains("container.cpu.throttled.fraction"), metrics.toString());
  }

  @Test
  void endpointsExampleRuns() throws Exception {
    io.perfkit.monitor.Monitor monitor = io.perfkit.monitor.Monitor.builder().build();
    io.perfkit.monitor.alert.AlertManager alerts = io.perfkit.monitor.alert.AlertManager.builder().build().attach(monitor);
    io.perfkit.profiler.capture.Profiler profiler = io.perfkit.profiler.capture.Profiler.builder().workDir(dir.resolve("captures")).build();
    try (io.perfkit.testkit.InMemoryProfileStorage storage = new io.perfkit.testkit.InMemoryProfileStorage()) {
      assertEquals("{\"id\":\"42\"}", EndpointsExample.run(monitor, alerts, profiler, storage));
    } finally {
      profiler.close();
      alerts.close();
      monitor.close();
    }
  }

  @Test
  void profilerExampleRuns() throws Exception {
    List<MethodStat> top = ProfilerExample.run();
    assertFalse(top.isEmpty(), "a one-second capture of a busy thread has samples");
    assertTrue(top.stream().anyMatch(m -> m.method().equals(HOT)), top.toString());
  }

  @Test
  void analysisAndDiffExamplesRun() throws Exception {
    Path recording = record("hot", 600);
    AnalysisExample.analysis(recording, dir);
    assertTrue(Files.readString(dir.resolve("flame.html")).contains("Work.hotLoop"));
    assertTrue(Files.size(dir.resolve("cpu.pb.gz")) > 20);
    AnalysisExample.diff(recording, record("again", 600));
  }

  @Test
  void ioExampleRuns_namingTheSlowHostAndItsBytes() throws Exception {
    IoReport io = IoExample.run(dir);
    IoReport.Target top = io.top().orElseThrow(() -> new AssertionError(io.text()));
    assertEquals(IoReport.Kind.SOCKET, top.kind(), io.text());
    assertTrue(top.name().startsWith("localhost:") || top.name().startsWith("127.0.0.1:"), top.name());
    assertEquals(IoExample.RESPONSE_BYTES, top.readBytes(), "every read waited past the 1 ms threshold: " + io.text());
  }

  @Test
  void storageExampleRuns() throws Exception {
    StorageExample.run(dir, record("stored", 100));
  }

  /** The fleet example against a real S3-compatible server on loopback, scraped and listed over HTTP. */
  @Test
  void fleetExampleRuns() throws Exception {
    io.perfkit.monitor.Monitor monitor = io.perfkit.monitor.Monitor.builder().build();
    io.perfkit.monitor.alert.AlertManager alerts = io.perfkit.monitor.alert.AlertManager.builder().build().attach(monitor);
    monitor.counter("checkout.orders").increment(3);
    monitor.tick();
    try (io.perfkit.storage.s3.local.LocalS3 s3 = io.perfkit.storage.s3.local.LocalS3.start(dir.resolve("s3")).bucket("perf-profiles");
        io.perfkit.profiler.capture.Profiler profiler = io.perfkit.profiler.capture.Profiler.builder().workDir(dir.resolve("work")).build();
        HttpEndpointServer server = HttpEndpointServer.builder().loopbackPort(0).build()) {
      FleetExample.Fleet fleet = FleetExample.run(s3.storageUri("perf-profiles", "prod", "maxAge=14d").toString(),
          monitor, alerts, profiler, server);
      server.start();
      try (ProfileStorage storage = fleet.storage(); ProfileCollector collector = fleet.collector()) {
        Path dump = Files.writeString(dir.resolve("dump.txt"), "\"main\" RUNNABLE\n");
        collector.submit(new CaptureResult(new ProfileMetadata(ProfileType.THREAD_DUMP, Instant.now(), Duration.ZERO, "txt",
            Labels.empty()), dump));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (collector.stored() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        String instance = fleet.who().instance();
        HttpClient client = HttpClient.newHttpClient();
        String listed = client.send(HttpRequest.newBuilder(URI.create(server.url() + "debug/profiles?label=instance:"
            + java.net.URLEncoder.encode(instance, java.nio.charset.StandardCharsets.UTF_8))).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(listed.contains("\"service\":\"checkout\"") && listed.contains("thread_dump"), listed);
        String metrics = client.send(HttpRequest.newBuilder(URI.create(server.url() + "prometheus")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("checkout_orders_total{instance=\"" + instance + "\",service=\"checkout\"} 3"), metrics);
      }
    } finally {
      alerts.close();
      monitor.close();
    }
  }

  @Test
  void kernelsExampleRuns() {
    KernelsExample.run();
  }

  @Test
  void regressionsExampleRuns() throws Exception {
    Path baseline = Path.of("..", "perf-benchmarks", "baseline", "gate.json");
    RegressionsExample.run(baseline, baseline, record("before", 400), record("after", 400));
  }

  @Test
  void memoryExampleRuns() throws Exception {
    try (Profiler profiler = Profiler.builder().workDir(dir.resolve("captures")).build();
        InMemoryProfileStorage storage = new InMemoryProfileStorage();
        ProfileCollector collector = ProfileCollector.builder(storage).build();
        AlertManager alerts = AlertManager.builder().build()) {
      var capture = profiler.capture(ProfileType.ALLOCATION, Duration.ofMillis(500), Labels.empty());
      System.gc();
      Path recording = capture.get(30, java.util.concurrent.TimeUnit.SECONDS).file();
      MemoryExample.run(recording, alerts, profiler, collector);
      assertTrue(alerts.statuses().stream().anyMatch(st -> st.rule().equals("JvmHeapAfterGc")), alerts.statuses().toString());
      assertTrue(MemoryExample.KEPT.size() >= 20_000);
    } finally {
      MemoryExample.KEPT.clear();
    }
  }

  @Test
  void micrometerExampleRuns() throws Exception {
    io.perfkit.testkit.ManualTimeSource time = new io.perfkit.testkit.ManualTimeSource();
    try (io.perfkit.monitor.Monitor monitor = io.perfkit.monitor.Monitor.builder().timeSource(time).build();
        AlertManager alerts = AlertManager.builder().build().attach(monitor)) {
      MicrometerExample.run(monitor, alerts).close();
      time.advance(Duration.ofSeconds(1));
      var s = monitor.tick();
      assertEquals(1, s.value("checkout.latency{region=eu}").orElseThrow());
      assertTrue(s.metricNames().stream().anyMatch(k -> k.startsWith("jvm.memory.used{")), s.metricNames().toString());
      assertEquals("SlowCheckout", alerts.statuses().get(0).rule());
    }
  }

  @Test
  void servletExampleRuns() throws Exception {
    try (io.perfkit.monitor.Monitor monitor = io.perfkit.monitor.Monitor.builder().build();
        io.perfkit.profiler.capture.ContinuousRecorder recorder =
            io.perfkit.profiler.capture.ContinuousRecorder.builder(dir.resolve("flight")).maxAge(Duration.ofMinutes(1))
                .maxSize(32L << 20).build().start();
        io.perfkit.profiler.trigger.RequestProfiler requests =
            io.perfkit.profiler.trigger.RequestProfiler.builder(recorder, r -> { }).build()) {
      assertEquals("hello", ServletExample.serveOnce(monitor, requests));  // /hello on a real Jetty, through the filter
      assertEquals(1, monitor.tick().value("http.server.requests{method=GET,route=/hello,status=200}").orElseThrow());
      assertEquals(1, requests.requests());
    }
  }
}
