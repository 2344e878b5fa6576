package io.perfkit.examples;

import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.health.JvmHealthRule;
import io.perfkit.profiler.analysis.PinningReport;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.trigger.AlertCaptures;
import io.perfkit.testtools.Pinning;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of JDK 21 or later for {@link PinningCaptureTest}: virtual threads keep blocking while
 * pinned (each in a class initializer of its own, 50 ms, ten a second); the shipped
 * {@code JvmVirtualThreadPinned} rule is evaluated on every tick, and when its condition holds its
 * labels go to {@link AlertCaptures}, as the alert manager hands them over when the rule fires.
 * Prints what the rule saw and what the captured profile's pinning report names.
 */
public final class PinningCaptureChild {

  private PinningCaptureChild() {}

  public static void main(String[] args) throws Exception {
    Thread pinning = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Pinning.pinOnce();
          Thread.sleep(100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }, "pinning-load");
    Monitor monitor = Monitor.builder().build();
    BlockingQueue<CaptureResult> got = new LinkedBlockingQueue<>();
    try (JvmMetrics jvm = JvmMetrics.builder(monitor).virtualThreads(true).build();
        Profiler profiler = Profiler.builder().workDir(Files.createTempDirectory("pinning-capture")).build()) {
      AlertCaptures captures = AlertCaptures.builder(profiler, got::add).duration(Duration.ofSeconds(1)).build();
      JvmHealthRule.VirtualThreadPinned rule = new JvmHealthRule.VirtualThreadPinned();
      monitor.tick();
      pinning.start();
      Optional<?> captured = Optional.empty();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (captured.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(500);
        AlertEvaluation e = rule.evaluate(monitor.tick());
        if (e.active()) {
          System.out.println("rule.rate=" + e.value());
          captured = captures.fired(rule.name(), rule.labels());
        }
      }
      CaptureResult r = got.poll(30, TimeUnit.SECONDS);
      pinning.interrupt();
      pinning.join();
      System.out.println("captured=" + (r == null ? "none" : r.metadata().type().wireName()));
      if (r != null) {
        System.out.println("alert=" + r.metadata().labels().get("alert").orElse(""));
        System.out.print(PinningReport.read(r.file()).text());
        r.deleteFile();
      }
    } finally {
      monitor.close();
    }
  }
}
