package io.perfkit.profiler.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.profiler.Workloads;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.testkit.InMemoryProfileStorage;
import io.perfkit.testkit.ManualTimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CollectorTest {

  @TempDir Path dir;

  private CaptureResult textCapture(String name) throws IOException {
    Path f = dir.resolve(name + ".txt");
    Files.writeString(f, "content of " + name);
    return new CaptureResult(new ProfileMetadata(ProfileType.THREAD_DUMP, Instant.now(), Duration.ZERO, "txt",
        Labels.of("name", name)), f);
  }

  @Test
  void fleetLabels_goOnEveryProfile_butACapturesOwnLabelWins() throws Exception {
    InMemoryProfileStorage storage = new InMemoryProfileStorage();
    CaptureResult plain = textCapture("plain");
    CaptureResult pinned = new CaptureResult(new ProfileMetadata(ProfileType.THREAD_DUMP, Instant.now(), Duration.ZERO, "txt",
        Labels.of("instance", "sidecar-1")), Files.writeString(dir.resolve("pinned.txt"), "x"));
    try (ProfileCollector c = ProfileCollector.builder(storage).queueCapacity(2).attempts(1, Duration.ZERO)
        .fleet(new io.perfkit.api.ServiceInstance("checkout", "checkout-7f9c")).build()) {
      assertEquals(Labels.of("service", "checkout", "instance", "checkout-7f9c"), c.fleetLabels());
      assertTrue(c.submit(plain));
      assertTrue(c.submit(pinned));
      c.close(Duration.ofSeconds(30));
      assertEquals(2, c.stored());
    }
    assertEquals(Labels.of("name", "plain", "service", "checkout", "instance", "checkout-7f9c"),
        storage.query(ProfileQuery.builder().label("name", "plain").build()).get(0).metadata().labels());
    assertEquals("sidecar-1", storage.query(ProfileQuery.builder().label("service", "checkout").label("instance", "sidecar-1")
        .build()).get(0).metadata().labels().get("instance").orElseThrow());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProfileCollector.builder(storage).queueCapacity(0));
    assertEquals("queue capacity 0 must be positive", e.getMessage());
  }

  @Test
  void storesEachCapture_addsTopFrameLabels_andDeletesTheWorkFile() throws Exception {
    InMemoryProfileStorage storage = new InMemoryProfileStorage();
    Thread hot = Workloads.background("hot", () -> Workloads.spinInUniquelyNamedHotMethod(1500));
    CaptureResult cpu;
    try (Profiler p = Profiler.builder().workDir(dir).build()) {
      cpu = p.capture(ProfileType.CPU, Duration.ofMillis(1000), Labels.empty()).get(30, TimeUnit.SECONDS);
    }
    hot.join();
    CaptureResult dump = textCapture("dump");
    try (ProfileCollector c = ProfileCollector.builder(storage).build()) {
      assertTrue(c.submit(cpu));
      assertTrue(c.submit(dump));
      c.close(Duration.ofSeconds(30));
      assertEquals(2, c.stored());
    }
    StoredProfile stored = storage.query(ProfileQuery.builder().types(ProfileType.CPU).build()).get(0);
    assertEquals("io.perfkit.profiler.Workloads.spinInUniquelyNamedHotMethod", stored.metadata().labels().get("top_1").orElseThrow());
    // the summary says how many samples it rests on: those analysis counts in the stored profile
    Path copy = dir.resolve("stored.jfr");
    try (InputStream in = storage.openContent(stored.id())) {
      Files.copy(in, copy);
    }
    long samples = StackProfile.read(copy, ProfileType.CPU).events();
    assertTrue(samples > 0);
    assertEquals(Long.toString(samples), stored.metadata().labels().get(ProfileLabels.SAMPLES).orElseThrow());
    assertFalse(Files.exists(cpu.file()), "the work file was not deleted");
    assertFalse(Files.exists(dump.file()));
  }

  @Test
  void failingStorage_isRetriedThenCountedAsFailed_andNeverBlocksTheCaller() throws Exception {
    // the seam: a real in-memory storage whose first two stores fail
    InMemoryProfileStorage real = new InMemoryProfileStorage();
    ProfileStorage flaky = mock(ProfileStorage.class, delegatesTo(real));
    doThrow(new IOException("disk on fire")).doThrow(new IOException("disk on fire")).doAnswer(delegatesTo(real))
        .when(flaky).store(any(ProfileMetadata.class), any(Path.class));
    CaptureResult a = textCapture("a");
    try (ProfileCollector c = ProfileCollector.builder(flaky).queueCapacity(8).attempts(3, Duration.ofMillis(1)).build()) {
      c.submit(a);
      c.close(Duration.ofSeconds(10));
      assertEquals(1, c.stored(), "the third attempt succeeds");
      assertEquals(2, c.retried());
    }
    verify(flaky, times(3)).store(any(ProfileMetadata.class), any(Path.class));
    assertEquals(1, real.query(ProfileQuery.all()).size());
    assertFalse(Files.exists(a.file()), "the capture file is released once stored");

    ProfileStorage broken = mock(ProfileStorage.class);
    when(broken.store(any(ProfileMetadata.class), any(Path.class))).thenThrow(new IOException("disk on fire"));
    CaptureResult b = textCapture("b");
    try (ProfileCollector c = ProfileCollector.builder(broken).queueCapacity(8).attempts(3, Duration.ofMillis(1)).build()) {
      c.submit(b);
      c.close(Duration.ofSeconds(10));
      assertEquals(1, c.failed());
      assertEquals(0, c.stored());
    }
    verify(broken, times(3)).store(any(ProfileMetadata.class), any(Path.class));
    assertFalse(Files.exists(b.file()), "a capture that could not be stored is released too");
  }

  /** A pause of an hour, passed on the injected clock: the retry runs when the clock says, not the wall. */
  @Test
  void retryPause_isMeasuredOnTheInjectedTimeSource() throws Exception {
    InMemoryProfileStorage real = new InMemoryProfileStorage();
    ProfileStorage flaky = mock(ProfileStorage.class, delegatesTo(real));
    doThrow(new IOException("disk on fire")).doAnswer(delegatesTo(real))
        .when(flaky).store(any(ProfileMetadata.class), any(Path.class));
    ManualTimeSource time = new ManualTimeSource();
    try (ProfileCollector c = ProfileCollector.builder(flaky).attempts(2, Duration.ofHours(1)).timeSource(time).build()) {
      c.submit(textCapture("a"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (c.retried() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(1, c.retried(), "the first attempt failed");
      time.advance(Duration.ofMinutes(59));
      assertEquals(0, c.stored(), "an hour has not passed on the collector's clock");
      time.advance(Duration.ofMinutes(1));
      c.close(Duration.ofSeconds(10));
      assertEquals(1, c.stored(), "the second attempt ran once the clock passed the pause");
      assertEquals(0, c.failed());
    }
    verify(flaky, times(2)).store(any(ProfileMetadata.class), any(Path.class));
  }

  @Test
  void fullQueue_dropsAndCounts_withoutWaiting() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    InMemoryProfileStorage real = new InMemoryProfileStorage();
    ProfileStorage slow = mock(ProfileStorage.class, delegatesTo(real));
    doAnswer(call -> {
      release.await();
      return real.store(call.getArgument(0), call.<Path>getArgument(1));
    }).when(slow).store(any(ProfileMetadata.class), any(Path.class));
    try (ProfileCollector c = ProfileCollector.builder(slow).queueCapacity(2).attempts(1, Duration.ZERO).build()) {
      long start = System.nanoTime();
      int accepted = 0;
      for (int i = 0; i < 10; i++) {
        if (c.submit(textCapture("c" + i))) {
          accepted++;
        }
      }
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "submit waited");
      assertEquals(3, accepted, "one in the worker, two queued");
      assertEquals(7, c.dropped());
      release.countDown();
      c.close(Duration.ofSeconds(10));
      assertEquals(3, c.stored());
    }
  }

  @Test
  void contentSurvivesStorage() throws Exception {
    InMemoryProfileStorage storage = new InMemoryProfileStorage();
    try (ProfileCollector c = ProfileCollector.builder(storage).build()) {
      c.submit(textCapture("x"));
    }
    StoredProfile p = storage.query(ProfileQuery.all()).get(0);
    try (InputStream in = storage.openContent(p.id())) {
      assertArrayEquals("content of x".getBytes(java.nio.charset.StandardCharsets.UTF_8), in.readAllBytes());
    }
  }
}
