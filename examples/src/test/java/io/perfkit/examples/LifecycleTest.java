package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.http.MonitorHttp;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.http.DebugHttp;
import io.perfkit.profiler.trigger.RequestProfiler;
import io.perfkit.profiler.trigger.Watchdog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every component an application wires together closes idempotently, in any order, with a
 * capture and a debug request in flight, and leaves no thread or JFR recording of ours behind.
 */
final class LifecycleTest {

  @TempDir Path dir;

  /** 0: the order built; 1: reversed; 2 and up: seeded shuffles. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void everythingCloses_inAnyOrder_twice_leavingNothingBehind(int order) throws Exception {
    // other tests in this JVM may still hold threads of their own; only this test's count
    java.util.Set<Thread> before = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
    Map<String, AutoCloseable> parts = new LinkedHashMap<>();
    ProfileStorage storage = ProfileStorages.open("file:" + dir.resolve("data").toAbsolutePath().toUri().getPath());
    parts.put("storage", storage);
    Monitor monitor = Monitor.builder().build().start();
    parts.put("monitor", monitor);
    parts.put("jvm", JvmMetrics.builder(monitor).build());
    AlertManager alerts = AlertManager.builder().build().attach(monitor);
    parts.put("alerts", alerts);
    Profiler profiler = Profiler.builder().workDir(dir.resolve("captures")).build();
    parts.put("profiler", profiler);
    ContinuousRecorder flight = ContinuousRecorder.builder(dir.resolve("flight")).maxAge(Duration.ofMinutes(1)).maxSize(64L << 20).build().start();
    parts.put("flight", flight);
    ProfileCollector collector = ProfileCollector.builder(storage).build();
    parts.put("collector", collector);
    RequestProfiler requests = RequestProfiler.builder(flight, collector).build();
    parts.put("requests", requests);
    parts.put("watchdog", Watchdog.builder(profiler, collector).interval(Duration.ofMillis(50))
        .check("always", () -> true, ProfileType.THREAD_DUMP).build().start());
    DebugHttp debug = DebugHttp.builder(profiler, storage).build();
    parts.put("debug", debug);
    HttpEndpointServer server = HttpEndpointServer.builder().build();
    MonitorHttp.builder(monitor).alerts(alerts).build().mount(server.server());
    debug.mount(server.server());
    server.start();
    parts.put("server", server);

    // work in flight: a capture, a capture requested over HTTP, a slow request being profiled
    CompletableFuture<CaptureResult> capture = profiler.capture(ProfileType.ALLOCATION, Duration.ofMinutes(2), Labels.empty());
    CompletableFuture<HttpResponse<String>> overHttp = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(URI.create(server.url() + "debug/profile?type=cpu&seconds=120")).build(),
        HttpResponse.BodyHandlers.ofString());
    requests.around("GET", "/slow", () -> {
      Thread.sleep(150);
      return "done";
    });
    awaitOrFail(() -> debug.pendingCaptures() == 1, () -> "the HTTP capture is pending");

    List<String> names = new ArrayList<>(parts.keySet());
    if (order == 1) {
      Collections.reverse(names);
    } else if (order > 1) {
      Collections.shuffle(names, new Random(order));
    }
    for (int round = 0; round < 2; round++) {
      for (String name : names) {
        parts.get(name).close();
      }
    }

    ExecutionException e = assertThrows(ExecutionException.class, () -> capture.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
    // the HTTP request in flight ends (answered or cut), it does not hang
    try {
      int status = overHttp.get(10, TimeUnit.SECONDS).statusCode();
      assertTrue(status == 503, "status " + status);
    } catch (ExecutionException cut) {
      // the server closed the connection: the client is told at once
    }
    awaitOrFail(() -> ourThreads(before).isEmpty(), () -> "threads left behind: " + ourThreads(before));
    List<String> recordings = jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().stream()
        .filter(r -> r.getName().startsWith("perfkit-") && r.getState() != jdk.jfr.RecordingState.CLOSED)
        .map(r -> r.getName() + " " + r.getState()).collect(Collectors.toList());
    assertEquals(List.of(), recordings, "order " + names);
    try (var left = Files.list(dir.resolve("captures"))) {
      assertEquals(List.of(), left.collect(Collectors.toList()), "capture files left behind");
    }
  }

  /** Our threads started since {@code before} and still alive. */
  private static List<String> ourThreads(java.util.Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).filter(t -> !before.contains(t))
        .map(Thread::getName).filter(n -> n.startsWith("perfkit-")).sorted().collect(Collectors.toList());
  }

  private interface Condition {
    boolean holds();
  }

  /** Waits up to 10 s for threads to finish exiting; this bounds a wait, it measures nothing. */
  private static void awaitOrFail(Condition c, java.util.function.Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what.get());
      }
      Thread.sleep(20);
    }
  }
}
