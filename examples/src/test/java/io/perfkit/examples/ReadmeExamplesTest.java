package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.testkit.InMemoryProfileStorage;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Java block of the README is the code of a method of {@link ReadmeExamples}, and runs. */
final class ReadmeExamplesTest {

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

  @Test
  void readmeShowsExactlyTheCodeThatRuns() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String source = Files.readString(Path.of("src/test/java/io/perfkit/examples/ReadmeExamples.java"));
    Matcher blocks = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    Matcher marked = Pattern.compile("// readme:(\\w+)\n(.*?)// end", Pattern.DOTALL).matcher(source);
    List<List<String>> fromReadme = new ArrayList<>();
    while (blocks.find()) {
      fromReadme.add(normalized(blocks.group(1)));
    }
    List<List<String>> fromSource = new ArrayList<>();
    while (marked.find()) {
      fromSource.add(normalized(marked.group(2)));
    }
    assertEquals(fromSource.size(), fromReadme.size(), "README java blocks vs marked examples");
    for (int i = 0; i < fromReadme.size(); i++) {
      assertEquals(fromSource.get(i), fromReadme.get(i), "README java block " + (i + 1));
    }
  }

  private Path record(String name, long hotMillis) throws Exception {
    Path file = dir.resolve(name + ".jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.start();
      ReadmeExamples.hotLoop(hotMillis);
      r.stop();
      r.dump(file);
    }
    return file;
  }

  @Test
  void monitorExampleRuns() throws Exception {
    ReadmeExamples.monitor();
  }

  @Test
  void endpointsExampleRuns() throws Exception {
    io.perfkit.monitor.Monitor monitor = io.perfkit.monitor.Monitor.builder().build();
    io.perfkit.monitor.alert.AlertManager alerts = new io.perfkit.monitor.alert.AlertManager().attach(monitor);
    io.perfkit.profiler.capture.Profiler profiler = io.perfkit.profiler.capture.Profiler.builder().workDir(dir.resolve("captures")).build();
    try (io.perfkit.testkit.InMemoryProfileStorage storage = new io.perfkit.testkit.InMemoryProfileStorage()) {
      assertEquals("{\"id\":\"42\"}", ReadmeExamples.endpoints(monitor, alerts, profiler, storage));
    } finally {
      profiler.close();
      alerts.close();
      monitor.close();
    }
  }

  @Test
  void profilerExampleRuns() throws Exception {
    ReadmeExamples.profiler();
  }

  @Test
  void analysisAndDiffExamplesRun() throws Exception {
    Path recording = record("hot", 600);
    ReadmeExamples.analysis(recording, dir);
    assertTrue(Files.readString(dir.resolve("flame.html")).contains("ReadmeExamples.hotLoop"));
    assertTrue(Files.size(dir.resolve("cpu.pb.gz")) > 20);
    ReadmeExamples.diff(recording, record("again", 600));
  }

  @Test
  void storageExampleRuns() throws Exception {
    ReadmeExamples.storage(dir, record("stored", 100));
  }

  /** The fleet example against a real S3-compatible server on loopback, scraped and listed over HTTP. */
  @Test
  void fleetExampleRuns() throws Exception {
    io.perfkit.monitor.Monitor monitor = io.perfkit.monitor.Monitor.builder().build();
    io.perfkit.monitor.alert.AlertManager alerts = new io.perfkit.monitor.alert.AlertManager().attach(monitor);
    monitor.counter("checkout.orders").increment(3);
    monitor.tick();
    try (io.perfkit.storage.s3.local.LocalS3 s3 = io.perfkit.storage.s3.local.LocalS3.start(dir.resolve("s3")).bucket("perf-profiles");
        io.perfkit.profiler.capture.Profiler profiler = io.perfkit.profiler.capture.Profiler.builder().workDir(dir.resolve("work")).build();
        HttpEndpointServer server = HttpEndpointServer.builder().loopbackPort(0).build()) {
      ReadmeExamples.Fleet fleet = ReadmeExamples.fleet(s3.storageUri("perf-profiles", "prod", "maxAge=14d").toString(),
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
    ReadmeExamples.kernels();
  }

  @Test
  void regressionsExampleRuns() throws Exception {
    Path baseline = Path.of("..", "perf-benchmarks", "baseline", "gate.json");
    ReadmeExamples.regressions(baseline, baseline, record("before", 400), record("after", 400));
  }

  @Test
  void memoryExampleRuns() throws Exception {
    try (Profiler profiler = Profiler.builder().workDir(dir.resolve("captures")).build();
        InMemoryProfileStorage storage = new InMemoryProfileStorage();
        ProfileCollector collector = new ProfileCollector(storage);
        AlertManager alerts = new AlertManager()) {
      var capture = profiler.capture(ProfileType.ALLOCATION, Duration.ofMillis(500), Labels.empty());
      System.gc();
      Path recording = capture.get(30, java.util.concurrent.TimeUnit.SECONDS).file();
      ReadmeExamples.memory(recording, alerts, profiler, collector);
      assertTrue(alerts.statuses().stream().anyMatch(st -> st.rule().equals("JvmHeapAfterGc")), alerts.statuses().toString());
      assertTrue(ReadmeExamples.KEPT.size() >= 20_000);
    } finally {
      ReadmeExamples.KEPT.clear();
    }
  }

  @Test
  void micrometerExampleRuns() throws Exception {
    io.perfkit.testkit.ManualTimeSource time = new io.perfkit.testkit.ManualTimeSource();
    try (io.perfkit.monitor.Monitor monitor = io.perfkit.monitor.Monitor.builder().timeSource(time).build();
        AlertManager alerts = new AlertManager().attach(monitor)) {
      ReadmeExamples.micrometer(monitor, alerts).close();
      time.advance(Duration.ofSeconds(1));
      var s = monitor.tick();
      assertEquals(1, s.value("checkout.latency{region=eu}").orElseThrow());
      assertTrue(s.metricNames().stream().anyMatch(k -> k.startsWith("jvm.memory.used{")), s.metricNames().toString());
      assertEquals("SlowCheckout", alerts.statuses().get(0).rule());
    }
  }

  /** {@code /hello} on a real Jetty, through the README's filter. */
  static final class Hello extends jakarta.servlet.http.HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
        throws java.io.IOException {
      res.getWriter().write("hello");
    }
  }

  @Test
  void servletExampleRuns() throws Exception {
    try (io.perfkit.monitor.Monitor monitor = io.perfkit.monitor.Monitor.builder().build();
        io.perfkit.profiler.capture.FlightRecorder recorder =
            io.perfkit.profiler.capture.FlightRecorder.start(dir.resolve("flight"), Duration.ofMinutes(1), 32L << 20);
        io.perfkit.profiler.trigger.RequestProfiler requests =
            io.perfkit.profiler.trigger.RequestProfiler.builder(recorder, r -> { }).build()) {
      org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server();
      org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server);
      connector.setHost("127.0.0.1");
      server.addConnector(connector);
      org.eclipse.jetty.ee10.servlet.ServletContextHandler context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler();
      context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(new Hello()), "/hello");
      ReadmeExamples.servlet(monitor, requests, context);
      server.setHandler(context);
      server.start();
      try {
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/hello")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals("hello", response.body());
      } finally {
        server.stop();
      }
      assertEquals(1, monitor.tick().value("http.server.requests{method=GET,route=/hello,status=200}").orElseThrow());
      assertEquals(1, requests.requests());
    }
  }
}
