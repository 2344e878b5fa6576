package io.perfkit.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ChunksTest {

  @Test
  void everyChunkRunsExactlyOnce() {
    for (int chunks : new int[] {0, 1, 2, 3, 17, 1000}) {
      AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, chunks));
      Chunks.run(chunks, runs::incrementAndGet);
      for (int i = 0; i < chunks; i++) {
        assertEquals(1, runs.get(i), "chunk " + i + " of " + chunks);
      }
    }
  }

  @Test
  void chunksShareTheCallerAndThePool() {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    // chunks slow enough that a woken helper finds work left
    Chunks.run(64, i -> {
      threads.add(Thread.currentThread());
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    });
    assertTrue(threads.contains(Thread.currentThread()), "the caller works too: " + threads);
    assertTrue(threads.size() >= 2, "a pool worker joins: " + threads);
  }

  @Test
  void aChunksFailureReachesTheCaller_afterTheOtherChunksFinish() {
    AtomicIntegerArray runs = new AtomicIntegerArray(50);
    IllegalStateException boom = new IllegalStateException("chunk 7");
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Chunks.run(50, i -> {
      runs.incrementAndGet(i);
      if (i == 7) {
        throw boom;
      }
    }));
    assertSame(boom, thrown);
    for (int i = 0; i < 50; i++) {
      assertEquals(1, runs.get(i), "chunk " + i);
    }
  }

  @Test
  void aBusyPoolLeavesTheCallerToDoEverything() throws Exception {
    int workers = ForkJoinPool.getCommonPoolParallelism();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(workers);
    Future<?>[] blockers = new Future<?>[workers];
    for (int w = 0; w < workers; w++) {
      blockers[w] = ForkJoinPool.commonPool().submit(() -> {
        busy.countDown();
        release.await();
        return null;
      });
    }
    try {
      assertTrue(busy.await(10, TimeUnit.SECONDS), "the pool's workers are all blocked");
      AtomicIntegerArray runs = new AtomicIntegerArray(20);
      // the helpers queued behind the blockers never start: the call must not wait for them
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Chunks.run(20, runs::incrementAndGet));
      for (int i = 0; i < 20; i++) {
        assertEquals(1, runs.get(i), "chunk " + i);
      }
    } finally {
      release.countDown();
      for (Future<?> f : blockers) {
        f.get(10, TimeUnit.SECONDS);
      }
    }
  }
}
