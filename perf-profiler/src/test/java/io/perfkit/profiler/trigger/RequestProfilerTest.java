package io.perfkit.profiler.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.JfrFiles;
import io.perfkit.profiler.Workloads;
import io.perfkit.profiler.analysis.EventSelection;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.testkit.ManualTimeSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RequestProfilerTest {

  @TempDir Path dir;

  /** A request that only runs an intrinsic: JFR's execution sampler before JDK 25 takes no sample of it. */
  private static long crcFor(long millis) {
    java.util.zip.CRC32 c = new java.util.zip.CRC32();
    byte[] data = new byte[64 * 1024];
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      c.update(data, 0, data.length);
    }
    return c.getValue();
  }

  @Test
  void withThreadCpuTime_aSlowRequestsProfileCarriesItsCpu_andIsCheckedAgainstIt() throws Exception {
    List<CaptureResult> got = new CopyOnWriteArrayList<>();
    try (ContinuousRecorder fr = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(2)).maxSize(64L << 20).chunkInterval(Duration.ofMillis(500)).build().start();
        RequestProfiler rp = RequestProfiler.builder(fr, got::add).threadCpuTime(true).build()) {
      rp.around("GET", "/checksum", () -> crcFor(1200));
      rp.close(Duration.ofSeconds(30));
    }
    CaptureResult cpu = got.stream().filter(r -> r.metadata().type() == ProfileType.CPU).findFirst().orElseThrow();
    Labels l = cpu.metadata().labels();
    long cpuMs = Long.parseLong(l.get("cpu_ms").orElseThrow(() -> new AssertionError("no cpu_ms label: " + l)));
    assertEquals("jfr", l.get("engine").orElseThrow(), "a snapshot of the always-on recording says JFR sampled it");
    assertTrue(cpuMs > 600 && cpuMs <= Long.parseLong(l.get("duration_ms").orElseThrow()), l.toString());
    StackProfile request = StackProfile.read(cpu.file(), ProfileType.CPU, EventSelection.requestFilter(l));
    io.perfkit.profiler.analysis.CpuCoverage c = request.coverage()
        .orElseThrow(() -> new AssertionError("a request with its thread CPU time has a coverage"));
    assertEquals(cpuMs, c.cpuTime().toMillis());
    MethodStat crc = request.methods().get(getClass().getName() + ".crcFor");
    assertTrue(crc != null && crc.totalPercent() > 90, "the request's CPU is its checksum loop's: " + request.topTotal(5) + " " + c);
    if (Runtime.version().feature() < 25) {
      assertTrue(c.fraction() < 0.5 && c.warning().isPresent(), "JFR's execution samples miss the intrinsic: " + c);
    }
  }

  @Test
  void withoutThreadCpuTime_aSlowRequestsProfileHasNoCpuLabel_andNoCoverage() throws Exception {
    List<CaptureResult> got = new CopyOnWriteArrayList<>();
    try (ContinuousRecorder fr = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(2)).maxSize(64L << 20).chunkInterval(Duration.ofMillis(500)).build().start();
        RequestProfiler rp = RequestProfiler.builder(fr, got::add).build()) {
      rp.around("GET", "/checksum", () -> crcFor(1100));
      rp.close(Duration.ofSeconds(30));
    }
    CaptureResult cpu = got.stream().filter(r -> r.metadata().type() == ProfileType.CPU).findFirst().orElseThrow();
    assertTrue(cpu.metadata().labels().get("cpu_ms").isEmpty());
    assertTrue(StackProfile.read(cpu.file(), ProfileType.CPU, EventSelection.requestFilter(cpu.metadata().labels()))
        .coverage().isEmpty(), "a window shorter than 5 s is not judged by readings a second apart");
  }

  @Test
  void verySlowRequest_snapshotAttributesItsSamplesToItsOwnHotMethod() throws Exception {
    List<CaptureResult> got = new CopyOnWriteArrayList<>();
    try (ContinuousRecorder fr = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(2)).maxSize(64L << 20).chunkInterval(Duration.ofMillis(500)).build().start();
        RequestProfiler rp = RequestProfiler.builder(fr, got::add).build()) {
      Thread bystander = Workloads.background("bystander", () -> Workloads.otherBusyMethod(2500));
      String result = rp.around("GET", "/very-slow", () -> {
        Workloads.spinInUniquelyNamedHotMethod(1300);
        return "done";
      });
      assertEquals("done", result);
      bystander.join();
      rp.close(Duration.ofSeconds(30));
      assertEquals(1, rp.verySlowRequests());
    }
    assertEquals(1, got.size(), "one CPU profile of the very slow request, stored once: " + got);
    CaptureResult cpu = got.get(0);
    assertEquals(ProfileType.CPU, cpu.metadata().type());
    Labels l = cpu.metadata().labels();
    assertEquals("/very-slow", l.get("path").orElseThrow());
    assertEquals("GET", l.get("method").orElseThrow());
    assertEquals("200", l.get("status").orElseThrow());
    assertEquals("very-slow", l.get("trigger").orElseThrow());
    assertTrue(Long.parseLong(l.get("duration_ms").orElseThrow()) >= 1300);
    assertEquals(Thread.currentThread().getName(), l.get("thread").orElseThrow());

    StackProfile whole = StackProfile.read(cpu.file(), ProfileType.CPU);
    assertTrue(whole.topSelf(5).stream().anyMatch(m -> m.method().endsWith("otherBusyMethod")),
        "the bystander ran meanwhile: " + whole.topSelf(5));
    StackProfile request = StackProfile.read(cpu.file(), ProfileType.CPU, EventSelection.onThreadDuring(
        Long.parseLong(l.get("thread_id").orElseThrow()), Instant.parse(l.get("request_start").orElseThrow()),
        Instant.parse(l.get("request_end").orElseThrow())));
    List<MethodStat> top = request.topSelf(3);
    assertEquals("io.perfkit.profiler.Workloads.spinInUniquelyNamedHotMethod", top.get(0).method(), top.toString());
    assertTrue(top.stream().noneMatch(m -> m.method().endsWith("otherBusyMethod")), top.toString());
    JfrFiles.assertJfrToolReads(cpu.file(), "perfkit.Request");
  }

  @Test
  void verySlowRequest_isStoredOnce_andItsAllocationProfileIsTheSameRecordingReadAsAllocation() throws Exception {
    List<CaptureResult> got = new CopyOnWriteArrayList<>();
    try (ContinuousRecorder fr = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(2)).maxSize(64L << 20).chunkInterval(Duration.ofMillis(500)).build().start();
        RequestProfiler rp = RequestProfiler.builder(fr, got::add).build()) {
      rp.around("POST", "/allocating", () -> {
        Workloads.allocateInUniquelyNamedMethod(1200);
        return null;
      });
      rp.close(Duration.ofSeconds(30));
      assertEquals(1, rp.verySlowRequests());
    }
    assertEquals(1, got.size(), "the recording is stored once, not once more as ALLOCATION: " + got);
    CaptureResult only = got.get(0);
    assertEquals(ProfileType.CPU, only.metadata().type());
    StackProfile alloc = StackProfile.read(only.file(), ProfileType.ALLOCATION,
        EventSelection.requestFilter(only.metadata().labels()));
    List<MethodStat> sites = alloc.topSites(3);
    assertTrue(sites.stream().anyMatch(m -> m.method().endsWith("allocateInUniquelyNamedMethod")),
        "the request's allocation samples are in the one recording: " + sites);
  }

  @Test
  void stormOfAThousandSlowRequests_yieldsABoundedNumberOfProfiles() throws Exception {
    List<CaptureResult> got = new CopyOnWriteArrayList<>();
    try (ContinuousRecorder fr = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(1)).maxSize(32L << 20).build().start();
        RequestProfiler rp = RequestProfiler.builder(fr, got::add)
            .thresholds(Duration.ofNanos(1), Duration.ofHours(1))
            .slowTrigger(ProfileTrigger.builder("slow").sampleRate(0.1).rateLimit(5, Duration.ofMinutes(1))
                .timeSource(new ManualTimeSource()).build())
            .build()) {
      for (int i = 0; i < 1000; i++) {
        rp.around("GET", "/storm", () -> {
          Workloads.spinInUniquelyNamedHotMethod(0);
          return null;
        });
      }
      rp.close(Duration.ofSeconds(60));
      ProfileTrigger t = rp.slowTrigger();
      assertEquals(1000, t.considered());
      assertEquals(1000, t.sampledOut() + t.limited() + t.fired());
      assertTrue(t.sampledOut() > 800, t.toString());
      assertEquals(5, t.fired(), t.toString());
      assertEquals(5, got.size() + rp.droppedSnapshots() + rp.failedSnapshots());
    }
  }

  /** Request timing reads the injected time source, so a test decides which requests are slow. */
  @Test
  void slowAndVerySlow_areDecidedByTheInjectedTimeSource() throws Exception {
    ManualTimeSource time = new ManualTimeSource(Instant.now());
    List<CaptureResult> got = new CopyOnWriteArrayList<>();
    try (ContinuousRecorder fr = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(1)).maxSize(32L << 20).build().start();
        RequestProfiler rp = RequestProfiler.builder(fr, got::add).timeSource(time)
            .thresholds(Duration.ofMillis(100), Duration.ofSeconds(5))
            .slowTrigger(ProfileTrigger.builder("slow").sampleRate(1.0).timeSource(time).build())
            .build()) {
      rp.around("GET", "/fast", () -> time.advance(Duration.ofMillis(99)));
      rp.around("GET", "/slow", () -> time.advance(Duration.ofMillis(250)));
      rp.around("GET", "/very-slow", () -> time.advance(Duration.ofSeconds(6)));
      rp.close(Duration.ofSeconds(60));
      assertEquals(3, rp.requests());
      assertEquals(1, rp.slowRequests());
      assertEquals(1, rp.verySlowRequests());
      assertEquals(0, rp.failedSnapshots() + rp.droppedSnapshots());
      CaptureResult slow = got.stream().filter(c -> c.metadata().labels().get("path").orElseThrow().equals("/slow"))
          .findFirst().orElseThrow();
      assertEquals("250", slow.metadata().labels().get("duration_ms").orElseThrow());
      assertEquals(Duration.ofMillis(250), Duration.between(
          Instant.parse(slow.metadata().labels().get("request_start").orElseThrow()),
          Instant.parse(slow.metadata().labels().get("request_end").orElseThrow())));
    }
  }

  @Test
  void httpFilter_timesRealRequests_andProfilesTheSlowOne() throws Exception {
    List<CaptureResult> got = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try (ContinuousRecorder fr = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(1)).maxSize(32L << 20).build().start();
        RequestProfiler rp = RequestProfiler.builder(fr, got::add)
            .thresholds(Duration.ofMillis(100), Duration.ofSeconds(5))
            .slowTrigger(ProfileTrigger.builder("slow").sampleRate(1.0).build()).build()) {
      server.createContext("/fast", ex -> {
        ex.sendResponseHeaders(200, -1);
        ex.close();
      }).getFilters().add(rp.filter());
      server.createContext("/slow", ex -> {
        Workloads.spinInUniquelyNamedHotMethod(300);
        ex.sendResponseHeaders(201, -1);
        ex.close();
      }).getFilters().add(rp.filter());
      server.start();
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      for (String path : new String[] {"/fast", "/fast", "/slow"}) {
        client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding());
      }
      // the filter finishes on the server's thread after the response is sent
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (rp.requests() < 3 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      rp.close(Duration.ofSeconds(30));
      assertEquals(3, rp.requests());
      assertEquals(1, rp.slowRequests());
      assertEquals(0, rp.droppedSnapshots());
    } finally {
      server.stop(0);
    }
    assertEquals(1, got.size());
    Labels l = got.get(0).metadata().labels();
    assertEquals("/slow", l.get("path").orElseThrow());
    assertEquals("201", l.get("status").orElseThrow());
    assertEquals("slow", l.get("trigger").orElseThrow());
  }

  @Test
  void badThresholds_areRefusedNamingThem() throws Exception {
    try (ContinuousRecorder fr = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(1)).maxSize(16L << 20).build().start()) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> RequestProfiler.builder(fr, r -> { }).thresholds(Duration.ofSeconds(2), Duration.ofSeconds(1)));
      assertEquals("thresholds must satisfy 0 ≤ slow < verySlow; got slow PT2S, verySlow PT1S", e.getMessage());
    }
  }
}
