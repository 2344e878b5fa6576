package com.example.perfkit;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.trace.Trace;
import io.perfkit.profiler.trigger.RequestProfiler;
import io.perfkit.profiler.trigger.Watchdog;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The README's perf-profiler example: a CPU capture of a busy thread and its top methods, the
 * always-on recorder, request profiling, a watchdog and a trace. Needs perf-profiler and
 * perf-storage-file.
 */
public final class ProfilerExample {

  private ProfilerExample() {}

  /** Runs the example; returns the top of the CPU profile it printed. */
  public static List<MethodStat> run() throws Exception {
    // readme:profiler
    Profiler profiler = Profiler.builder().build();
    CompletableFuture<CaptureResult> capture = profiler.capture(ProfileType.CPU, Duration.ofSeconds(1), Labels.of("why", "manual"));
    Work.busyUntil(capture);                                           // something to profile: a hot loop on another thread
    CaptureResult cpu = capture.get(30, TimeUnit.SECONDS);
    List<MethodStat> top = StackProfile.read(cpu.file(), ProfileType.CPU).topSelf(10);   // pprof -top
    top.forEach(m -> System.out.printf("%5.1f %%  %s%n", m.selfPercent(), m.method()));

    // always on: keep the last two minutes, and profile each slow request itself
    ContinuousRecorder flight = ContinuousRecorder.builder(Files.createTempDirectory("flight"))
        .maxAge(Duration.ofMinutes(2)).maxSize(128L << 20).build().start();
    ProfileStorage storage = ProfileStorages.open("file:" + Files.createTempDirectory("profiles"));  // or s3://…
    ProfileCollector collector = ProfileCollector.builder(storage).build();
    RequestProfiler requests = RequestProfiler.builder(flight, collector).build();
    String answer = requests.around("GET", "/checkout", () -> "ok");    // or requests.filter() on an HttpServer
    Queue<Runnable> backlog = new ConcurrentLinkedQueue<>();
    Watchdog watchdog = Watchdog.builder(profiler, collector)          // a condition only the application sees
        .check("backlog", () -> backlog.size() > 10_000, ProfileType.CPU).build().start();

    try (Trace.Task order = Trace.task("placeOrder")) {                  // runtime/trace's tasks and logs
      Trace.log("items", "3");
      CompletableFuture.runAsync(() -> Trace.task("charge").close(), order.continueOn(ForkJoinPool.commonPool())).join();  // a subtask, on a pool thread
    }
    watchdog.close();
    requests.close();
    collector.close();
    storage.close();
    flight.close();
    profiler.close();
    // end
    return top;
  }

  public static void main(String[] args) throws Exception {
    System.out.println("top of a one-second CPU profile, self time:");
    run();
  }
}
