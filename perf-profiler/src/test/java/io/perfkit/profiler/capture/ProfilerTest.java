package io.perfkit.profiler.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.JfrFiles;
import io.perfkit.profiler.Workloads;
import io.perfkit.profiler.analysis.LockContention;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.trigger.AlertCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    List<String> monitors = LockContention.topMonitors(r.file(), 3);
    assertEquals("io.perfkit.profiler.Workloads$ContendedLockClass", monitors.get(0), monitors.toString());
    JfrFiles.assertJfrToolReads(r.file(), "jdk.JavaMonitorEnter");
  }

  @Test
  void aCaptureWhoseWindowTheRunningOneCovers_joinsIt_withAFileOfItsOwn() throws Exception {
    profiler = Profiler.builder().workDir(dir).maxConcurrentRecordings(1).build();
    CompletableFuture<CaptureResult> first = profiler.capture(ProfileType.CPU, Duration.ofMillis(1500), Labels.of("who", "first"));
    CompletableFuture<CaptureResult> joined = profiler.capture(ProfileType.CPU, Duration.ofMillis(200), Labels.of("who", "joiner"));
    assertNotSame(first, joined);
    CaptureResult a = first.get(30, TimeUnit.SECONDS);
    CaptureResult b = joined.get(30, TimeUnit.SECONDS);
    assertNotEquals(a.file(), b.file());
    assertEquals("first", a.metadata().labels().get("who").orElseThrow());
    assertEquals("joiner", b.metadata().labels().get("who").orElseThrow());
    assertEquals(a.metadata().start(), b.metadata().start(), "one recording");
    assertArrayEquals(Files.readAllBytes(a.file()), Files.readAllBytes(b.file()));
    assertTrue(a.deleteFile());
    assertTrue(Files.exists(b.file()), "deleting one owner's file leaves the joiner's");
    JfrFiles.assertJfrToolReads(b.file(), "jdk.ExecutionSample");
    assertEquals(1, profiler.joined());
  }

  @Test
  void aCaptureTheRunningOneDoesNotCover_isRefusedAtOnce_withTheTimeLeft() throws Exception {
    profiler = Profiler.builder().workDir(dir).maxConcurrentRecordings(1).build();
    CompletableFuture<CaptureResult> first = profiler.capture(ProfileType.CPU, Duration.ofMillis(800), Labels.empty());
    CompletableFuture<CaptureResult> longer = profiler.capture(ProfileType.CPU, Duration.ofSeconds(20), Labels.empty());
    assertTrue(longer.isCompletedExceptionally(), "refused at once");
    ExecutionException e = assertThrows(ExecutionException.class, () -> longer.get(1, TimeUnit.SECONDS));
    ProfilerBusyException busy = assertInstanceOf(ProfilerBusyException.class, e.getCause());
    assertEquals(ProfilerBusyException.Reason.WINDOW_NOT_COVERED, busy.reason());
    assertTrue(busy.retryAfter().compareTo(Duration.ofMillis(800)) <= 0 && !busy.retryAfter().isNegative(), busy.retryAfter().toString());
    assertTrue(busy.getMessage().startsWith("a cpu capture is running for "), busy.getMessage());

    CompletableFuture<CaptureResult> refused = profiler.capture(ProfileType.IO, Duration.ofMillis(500), Labels.empty());
    e = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
    busy = assertInstanceOf(ProfilerBusyException.class, e.getCause());
    assertEquals(ProfilerBusyException.Reason.CONCURRENCY_LIMIT, busy.reason());
    assertEquals("1 recordings are already running (the limit); io capture refused", busy.getMessage());
    first.get(30, TimeUnit.SECONDS).deleteFile();
    assertEquals(2, profiler.refused());
    assertTrue(profiler.running().isEmpty());
    profiler.capture(ProfileType.IO, Duration.ofMillis(100), Labels.empty()).get(30, TimeUnit.SECONDS);
  }

  @Test
  void close_stopsRecordingsInFlight_failsTheirFutures_andLeavesNothingBehind() throws Exception {
    java.util.Set<Thread> before = profilerThreads();
    profiler = Profiler.builder().workDir(dir).build();
    CompletableFuture<CaptureResult> cpu = profiler.capture(ProfileType.CPU, Duration.ofMinutes(4), Labels.empty());
    CompletableFuture<CaptureResult> joiner = profiler.capture(ProfileType.CPU, Duration.ofMinutes(1), Labels.empty());
    CompletableFuture<CaptureResult> alloc = profiler.capture(ProfileType.ALLOCATION, Duration.ofMinutes(4), Labels.empty());
    assertEquals(2, perfkitRecordings());
    profiler.close();
    for (CompletableFuture<CaptureResult> f : List.of(cpu, joiner, alloc)) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(1, TimeUnit.SECONDS));
      IllegalStateException closed = assertInstanceOf(IllegalStateException.class, e.getCause());
      assertTrue(closed.getMessage().startsWith("the profiler was closed while a "), closed.getMessage());
    }
    assertEquals(0, perfkitRecordings());
    // other tests' profilers may still run; this one's thread must have ended
    java.util.Set<Thread> mine = profilerThreads();
    mine.removeAll(before);
    for (Thread t : mine) {
      t.join(5000);
      assertTrue(!t.isAlive(), "the profiler's thread " + t.getName() + " is gone");
    }
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "no capture file left");
    }
    profiler.close();  // idempotent
    ExecutionException after = assertThrows(ExecutionException.class,
        () -> profiler.capture(ProfileType.CPU, Duration.ofSeconds(1), Labels.empty()).get(1, TimeUnit.SECONDS));
    assertEquals("the profiler is closed; cpu capture refused", after.getCause().getMessage());
  }

  private static java.util.Set<Thread> profilerThreads() {
    java.util.Set<Thread> threads = new java.util.HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("perfkit-profiler-")) {
        threads.add(t);
      }
    }
    return threads;
  }

  private static long perfkitRecordings() {
    return jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().stream()
        .filter(r -> r.getName().startsWith("perfkit-") && r.getState() != jdk.jfr.RecordingState.CLOSED).count();
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
    java.util.concurrent.BlockingQueue<CaptureResult> got = new java.util.concurrent.LinkedBlockingQueue<>();
    CaptureResult dump;
    try {
      // what the monitor's JvmDeadlock rule does when it fires: its profile label asks for a thread dump
      AlertCaptures captures = AlertCaptures.builder(profiler(), got::add).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (ThreadDumps.deadlocks().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Labels deadlockRule = Labels.of(ProfileLabels.PROFILE, ProfileType.THREAD_DUMP.wireName());
      assertEquals(Optional.of(ProfileType.THREAD_DUMP), captures.fired("JvmDeadlock", deadlockRule));
      assertEquals(Optional.empty(), captures.fired("JvmDeadlock", deadlockRule), "the cooldown holds");
      dump = got.poll(30, TimeUnit.SECONDS);
    } finally {
      t1.interrupt();
      t2.interrupt();
    }
    assertEquals(ProfileType.THREAD_DUMP, dump.metadata().type());
    assertEquals("JvmDeadlock", dump.metadata().labels().get(ProfileLabels.ALERT).orElseThrow());
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
