package io.perfkit.storage.file;

import static io.perfkit.storage.file.StorageFixtures.content;
import static io.perfkit.storage.file.StorageFixtures.read;
import static io.perfkit.storage.file.StorageFixtures.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.StoredProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eight threads store while two query and read and one runs retention. */
final class ConcurrencyTest {

  @TempDir Path dir;

  @Test
  void storesQueriesAndRetentionAtOnce_stayConsistent() throws Exception {
    int storers = 8;
    int perStorer = 25;
    ExecutorService pool = Executors.newFixedThreadPool(storers + 3);
    AtomicBoolean storing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    try (FileProfileStorage s = FileProfileStorage.builder(dir).maxCount(60).retentionInterval(Duration.ZERO).open()) {
      List<Future<?>> storeJobs = new ArrayList<>();
      for (int t = 0; t < storers; t++) {
        long base = t * 1000L;
        storeJobs.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < perStorer; i++) {
            store(s, base + i, (base + i) % 500);
          }
          return null;
        }));
      }
      List<Future<?>> others = new ArrayList<>();
      for (int q = 0; q < 2; q++) {
        others.add(pool.submit(() -> {
          go.await();
          while (storing.get()) {
            for (StoredProfile p : s.query(ProfileQuery.builder().limit(5).build())) {
              try {
                long seed = Long.parseLong(p.metadata().labels().get("seed").orElseThrow());
                assertArrayEquals(content(seed), read(s, p.id()));
                reads.incrementAndGet();
              } catch (NoSuchProfileException deletedMeanwhile) {
                // retention may remove it between the query and the read
              }
            }
          }
          return null;
        }));
      }
      others.add(pool.submit(() -> {
        go.await();
        while (storing.get()) {
          s.applyRetention();
        }
        return null;
      }));
      go.countDown();
      for (Future<?> f : storeJobs) {
        f.get(120, TimeUnit.SECONDS);
      }
      storing.set(false);
      for (Future<?> f : others) {
        f.get(60, TimeUnit.SECONDS);
      }

      s.applyRetention();
      List<StoredProfile> left = s.query(ProfileQuery.all());
      assertEquals(60, left.size());
      long bytes = 0;
      for (StoredProfile p : left) {
        long seed = Long.parseLong(p.metadata().labels().get("seed").orElseThrow());
        assertArrayEquals(content(seed), read(s, p.id()));
        bytes += p.sizeBytes();
      }
      assertEquals(bytes, s.totalBytes());
      assertTrue(reads.get() > 0, "the readers never read anything");
    } finally {
      pool.shutdownNow();
    }
    try (FileProfileStorage reopened = FileProfileStorage.builder(dir).open()) {
      assertEquals(60, reopened.size());
    }
  }
}
