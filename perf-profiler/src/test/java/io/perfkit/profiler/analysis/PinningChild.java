package io.perfkit.profiler.analysis;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of JDK 21 or later for {@link PinningReportTest}: during a capture, four virtual threads
 * each block for 60 ms inside a class initializer, which pins them to their carriers on every
 * JDK; it prints the capture's pinning report. Compiled for 17, so virtual threads are started
 * reflectively.
 */
public final class PinningChild {

  private PinningChild() {}

  /** Initialized by the first virtual thread that touches it, which sleeps while pinned. */
  static final class SlowInit {
    static {
      try {
        Thread.sleep(60);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    static void touch() {}
  }

  public static void main(String[] args) throws Exception {
    try (Profiler profiler = Profiler.builder().workDir(Files.createTempDirectory("pinning")).build()) {
      CompletableFuture<CaptureResult> capture = profiler.capture(ProfileType.CPU, Duration.ofMillis(1500), Labels.empty());
      Thread.sleep(300);
      // Thread.Builder.OfVirtual#start, through the public interface (its class is the JDK's own)
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      java.lang.reflect.Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        threads.add((Thread) start.invoke(builder, (Runnable) SlowInit::touch));
      }
      for (Thread t : threads) {
        t.join();
      }
      CaptureResult r = capture.get(30, TimeUnit.SECONDS);
      System.out.print(PinningReport.read(r.file()).text());
    }
  }
}
