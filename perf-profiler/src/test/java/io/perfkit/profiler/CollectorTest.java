package io.perfkit.profiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.testkit.InMemoryProfileStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  void storesEachCapture_addsTopFrameLabels_andDeletesTheWorkFile() throws Exception {
    InMemoryProfileStorage storage = new InMemoryProfileStorage();
    Thread hot = Workloads.background("hot", () -> Workloads.spinInUniquelyNamedHotMethod(1500));
    CaptureResult cpu;
    try (Profiler p = Profiler.builder().workDir(dir).build()) {
      cpu = p.capture(ProfileType.CPU, Duration.ofMillis(1000), Labels.empty()).get(30, TimeUnit.SECONDS);
    }
    hot.join();
    CaptureResult dump = textCapture("dump");
    try (ProfileCollector c = new ProfileCollector(storage)) {
      assertTrue(c.submit(cpu));
      assertTrue(c.submit(dump));
      c.close(Duration.ofSeconds(30));
      assertEquals(2, c.stored());
    }
    StoredProfile stored = storage.query(ProfileQuery.builder().types(ProfileType.CPU).build()).get(0);
    assertEquals("io.perfkit.profiler.Workloads.spinInUniquelyNamedHotMethod", stored.metadata().labels().get("top.1").orElseThrow());
    assertFalse(Files.exists(cpu.file()), "the work file was not deleted");
    assertFalse(Files.exists(dump.file()));
  }

  @Test
  void failingStorage_isRetriedThenCountedAsFailed_andNeverBlocksTheCaller() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    ProfileStorage failing = new FailingStorage(attempts, 2);
    try (ProfileCollector c = new ProfileCollector(failing, 8, 3, Duration.ofMillis(1))) {
      c.submit(textCapture("a"));
      c.close(Duration.ofSeconds(10));
      assertEquals(1, c.stored(), "the third attempt succeeds");
      assertEquals(2, c.retried());
    }
    ProfileStorage alwaysFailing = new FailingStorage(attempts, Integer.MAX_VALUE);
    try (ProfileCollector c = new ProfileCollector(alwaysFailing, 8, 3, Duration.ofMillis(1))) {
      c.submit(textCapture("b"));
      c.close(Duration.ofSeconds(10));
      assertEquals(1, c.failed());
      assertEquals(0, c.stored());
    }
  }

  @Test
  void fullQueue_dropsAndCounts_withoutWaiting() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ProfileStorage slow = new FailingStorage(new AtomicInteger(), 0) {
      @Override
      public StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.store(metadata, content);
      }
    };
    try (ProfileCollector c = new ProfileCollector(slow, 2, 1, Duration.ZERO)) {
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

  /** Fails the first {@code failures} stores, then stores in memory. */
  static class FailingStorage implements ProfileStorage {
    private final InMemoryProfileStorage delegate = new InMemoryProfileStorage();
    private final AtomicInteger attempts;
    private final int failures;

    FailingStorage(AtomicInteger attempts, int failures) {
      this.attempts = attempts;
      this.failures = failures;
      attempts.set(0);
    }

    @Override
    public StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
      if (attempts.incrementAndGet() <= failures) {
        throw new IOException("disk on fire");
      }
      return delegate.store(metadata, content);
    }

    @Override
    public List<StoredProfile> query(ProfileQuery query) {
      return delegate.query(query);
    }

    @Override
    public Optional<StoredProfile> find(String id) {
      return delegate.find(id);
    }

    @Override
    public InputStream openContent(String id) throws IOException {
      return delegate.openContent(id);
    }

    @Override
    public boolean delete(String id) {
      return delegate.delete(id);
    }

    @Override
    public int applyRetention() {
      return 0;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Test
  void contentSurvivesStorage() throws Exception {
    InMemoryProfileStorage storage = new InMemoryProfileStorage();
    try (ProfileCollector c = new ProfileCollector(storage)) {
      c.submit(textCapture("x"));
    }
    StoredProfile p = storage.query(ProfileQuery.all()).get(0);
    try (InputStream in = storage.openContent(p.id())) {
      assertArrayEquals("content of x".getBytes(java.nio.charset.StandardCharsets.UTF_8), in.readAllBytes());
    }
  }
}
