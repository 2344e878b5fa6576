package io.perfkit.examples;

import io.perfkit.api.ProfileLabels;
import io.perfkit.monitor.ContainerMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.trigger.ProfileTrigger;
import io.perfkit.profiler.trigger.RequestProfiler;
import io.perfkit.testtools.TestCgroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that {@link ContainerThrottlingTest} puts into a cgroup with a CPU quota: it serves one slow
 * request that burns two threads, and prints what the request's profile says about throttling
 * beside what the cgroup's own {@code cpu.stat} counted over the request.
 */
public final class ThrottledRequestChild {

  private ThrottledRequestChild() {}

  public static void main(String[] args) throws Exception {
    Path cpuStat = Path.of(args[0]).resolve("cpu.stat");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!TestCgroup.awaitGo(in)) {
      return;
    }
    BlockingQueue<CaptureResult> profiles = new ArrayBlockingQueue<>(4);
    Path work = Files.createTempDirectory("throttled");
    try (Monitor monitor = Monitor.builder().build();
        ContainerMetrics container = ContainerMetrics.builder(monitor).build();
        ContinuousRecorder recorder = ContinuousRecorder.builder(work).build().start();
        RequestProfiler requests = RequestProfiler.builder(recorder, profiles::add)
            .thresholds(Duration.ofMillis(100), Duration.ofSeconds(30))
            .slowTrigger(ProfileTrigger.builder("slow").sampleRate(1).build())
            .cpuThrottling(container).build()) {
      System.out.println("metrics=" + container.metrics());
      Thread.sleep(500);  // readings of the throttled time before the request
      long before = throttledNanos(cpuStat);
      requests.around("GET", "/report", () -> {
        TestCgroup.burn(2, Duration.ofSeconds(1));
        return "ok";
      });
      long after = throttledNanos(cpuStat);
      CaptureResult profile = profiles.poll(60, TimeUnit.SECONDS);
      System.out.println("label=" + (profile == null ? "no profile"
          : profile.metadata().labels().get(ProfileLabels.CPU_THROTTLED_MS).orElse("absent")));
      System.out.println("kernel=" + TimeUnit.NANOSECONDS.toMillis(after - before));
      System.out.println("done");
      System.out.flush();
      in.readLine();
    }
  }

  /** {@code throttled_time} (v1, ns) or {@code throttled_usec} (v2) from the cgroup's own file. */
  private static long throttledNanos(Path cpuStat) throws java.io.IOException {
    for (String line : Files.readAllLines(cpuStat, StandardCharsets.US_ASCII)) {
      String[] kv = line.trim().split("\\s+");
      if (kv[0].equals("throttled_time")) {
        return Long.parseLong(kv[1]);
      }
      if (kv[0].equals("throttled_usec")) {
        return Long.parseLong(kv[1]) * 1000;
      }
    }
    throw new IllegalStateException("no throttled time in " + cpuStat);
  }
}
