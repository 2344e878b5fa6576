package io.perfkit.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.StackProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JFR, no mock of the recorder. JFR is global to the JVM, so these run one at a time. */
final class ProfilerTest {

  @TempDir Path dir;
  private Profiler profiler;

  @AfterEach
  void close() {
    if (profiler != null) {
      profiler.close();
    }
  }

  private Profiler profiler() throws Exception {
    profiler = Profiler.builder().workDir(dir).build();
    return profiler;
  }

  @Test
  void cpuCapture_topFrameIsTheHotMethod_andJfrReadsTheFile() throws Exception {
    Thread hot = Workloads.background("hot", () -> Workloads.spinInUniquelyNamedHotMethod(2500));
    CaptureResult r = profiler().capture(ProfileType.CPU, Duration.ofMillis(1500), Labels.of("why", "test")).get(30, TimeUnit.SECONDS);
    hot.join();

    StackProfile p = StackProfile.read(r.file(), ProfileType.CPU);
    assertTrue(p.events() >= 20, "too few samples: " + p.events());
    assertEquals("io.perfkit.profiler.Workloads.spinInUniquelyNamedHotMethod", p.topSelf(1).get(0).method(), p.topSelf(5).toString());
    assertTrue(p.topSelf(1).get(0).selfPercent() > 50, p.topSelf(3).toString());
    assertEquals(ProfileType.CPU, r.metadata().type());
    assertEquals("test", r.metadata().labels().get("why").orElseThrow());
    assertEquals("on-demand", r.metadata().labels().get("trigger").orElseThrow());
    assertTrue(r.file().toString().endsWith(".jfr"));
    JfrFiles.assertJfrToolReads(r.file(), "jdk.ExecutionSample");
  }

  @Test
  void allocationCapture_ledByTheAllocatingMethod() throws Exception {
    Thread alloc = Workloads.background("alloc", () -> Workloads.allocateInUniquelyNamedMethod(2000));
    CaptureResult r = profiler().capture(ProfileType.ALLOCATION, Duration.ofMillis(1200), Labels.empty()).get(30, TimeUnit.SECONDS);
    alloc.join();

    StackProfile p = StackProfile.read(r.file(), ProfileType.ALLOCATION);
    assertTrue(p.topSelf(3).stream().anyMatch(s -> s.method().endsWith("allocateInUniquelyNamedMethod")), p.topSelf(5).toString());
    JfrFiles.assertJfrToolReads(r.file(), "jdk.ObjectAllocationSample");
  }

  @Test
  void lockCapture_showsTheContendedMonitor() throws Exception {
    Workloads.ContendedLockClass lock = new Workloads.ContendedLockClass();
    Runnable contend = () -> {
      for (int i = 0; i < 20; i++) {
        lock.holdFor(30);
      }
    };
    CompletableFuture<CaptureResult> f = profiler().capture(ProfileType.LOCK, Duration.ofMillis(1500), Labels.empty());
    Thread a = Workloads.background("a", contend);
    Thread b = Workloads.background("b", contend);
    CaptureResult r = f.get(30, TimeUnit.SECONDS);
    a.join();
    b.join();

    List<String> monitors = StackProfile.topMonitors(r.file(), 3);
    assertEquals("io.perfkit.profiler.Workloads$ContendedLockClass", monitors.get(0), monitors.toString());
    JfrFiles.assertJfrToolReads(r.file(), "jdk.JavaMonitorEnter");
  }

  @Test
  void secondCaptureOfARunningType_joinsIt_andTheLimitRefusesMore() throws Exception {
    profiler = Profiler.builder().workDir(dir).maxConcurrentRecordings(1).build();
    CompletableFuture<CaptureResult> first = profiler.capture(ProfileType.CPU, Duration.ofMillis(500), Labels.empty());
    CompletableFuture<CaptureResult> joined = profiler.capture(ProfileType.CPU, Duration.ofSeconds(20), Labels.empty());
    assertSame(first, joined);
    CompletableFuture<CaptureResult> refused = profiler.capture(ProfileType.IO, Duration.ofMillis(500), Labels.empty());
    ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
    assertInstanceOf(ProfilerBusyException.class, e.getCause());
    assertEquals("1 recordings are already running (the limit); io capture refused", e.getCause().getMessage());
    first.get(30, TimeUnit.SECONDS);
    assertEquals(1, profiler.refused());
    assertTrue(profiler.running().isEmpty());
    profiler.capture(ProfileType.IO, Duration.ofMillis(100), Labels.empty()).get(30, TimeUnit.SECONDS);
  }

  @Test
  void durationAboveTheCap_isRefusedNamingIt() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> profiler().capture(ProfileType.CPU, Duration.ofHours(1), Labels.empty()));
    assertEquals("capture duration PT1H must be between 0 and PT5M", e.getMessage());
  }

  @Test
  void deadlockedPair_isDetected_andDumpedWithTheirNamesAndLocks() throws Exception {
    ReentrantLock left = new ReentrantLock();
    ReentrantLock right = new ReentrantLock();
    java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
    Thread t1 = Workloads.background("deadlock-left", () -> grab(left, right, both));
    Thread t2 = Workloads.background("deadlock-right", () -> grab(right, left, both));
    List<CaptureResult> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Watchdog dog = Watchdog.builder(profiler(), got::add).deadlocks().build()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      List<String> fired = List.of();
      while (fired.isEmpty() && System.nanoTime() < deadline) {
        fired = dog.runChecks();
        Thread.sleep(20);
      }
      assertEquals(List.of("deadlock"), fired);
      assertEquals(List.of(), dog.runChecks(), "the cooldown holds");
    } finally {
      t1.interrupt();
      t2.interrupt();
    }
    CaptureResult dump = got.get(0);
    assertEquals(ProfileType.THREAD_DUMP, dump.metadata().type());
    assertEquals("deadlock", dump.metadata().labels().get("trigger").orElseThrow());
    String threads = dump.metadata().labels().get("deadlock.threads").orElseThrow();
    assertTrue(threads.contains("deadlock-left") && threads.contains("deadlock-right"), threads);
    assertTrue(dump.metadata().labels().get("deadlock.locks").orElseThrow().contains("ReentrantLock"));
    String text = Files.readString(dump.file());
    assertTrue(text.contains("Found 2 deadlocked thread(s)"), text);
    assertTrue(text.contains("\"deadlock-left\" waits for"), text);
  }

  private static void grab(ReentrantLock first, ReentrantLock second, java.util.concurrent.CountDownLatch both) {
    try {
      first.lockInterruptibly();
      try {
        both.countDown();
        both.await();
        second.lockInterruptibly();
        second.unlock();
      } finally {
        first.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void threadDump_hasEveryThreadWithItsFullStack() throws Exception {
    CaptureResult r = profiler().capture(ProfileType.THREAD_DUMP, Duration.ZERO, Labels.empty()).get(10, TimeUnit.SECONDS);
    String text = Files.readString(r.file());
    assertEquals("txt", r.metadata().format());
    Thread me = Thread.currentThread();
    assertTrue(text.contains("\"" + me.getName() + "\" #" + me.getId()), text.substring(0, Math.min(500, text.length())));
    assertTrue(text.contains("ProfilerTest.threadDump_hasEveryThreadWithItsFullStack"), "the waiting test thread's stack");
    assertTrue(text.contains("perfkit-profiler-"), "the capturing thread is in the dump");
  }
}
