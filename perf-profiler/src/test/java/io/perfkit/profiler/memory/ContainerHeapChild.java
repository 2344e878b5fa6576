package io.perfkit.profiler.memory;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.testtools.TestCgroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that {@link GcReportContainerTest} starts in a cgroup with a memory limit: it records an
 * allocation capture with a few collections in it and prints the file's path and its maximum
 * heap.
 */
public final class ContainerHeapChild {

  private ContainerHeapChild() {}

  static volatile Object sink;

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!TestCgroup.awaitGo(in)) {
      return;
    }
    try (Profiler profiler = Profiler.builder().workDir(Path.of(args[0])).build()) {
      var capture = profiler.capture(ProfileType.ALLOCATION, Duration.ofMillis(800), Labels.empty());
      for (int i = 0; i < 50_000; i++) {
        sink = new byte[1024];
      }
      System.gc();
      CaptureResult r = capture.get(30, TimeUnit.SECONDS);
      System.out.println("file=" + r.file());
      System.out.println("maxMemory=" + Runtime.getRuntime().maxMemory());
      System.out.println("done");
      System.out.flush();
      in.readLine();
    }
  }
}
