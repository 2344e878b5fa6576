package io.perfkit.profiler.capture;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JVM of JDK 21 or later for {@link VirtualThreadDumpTest}: 10,000 virtual threads of a
 * virtual-thread-per-task executor, as a server runs them, all parked in one method; it prints
 * {@link ThreadDumps#dump()} and exits. Compiled for 17, so the executor is reached reflectively.
 */
public final class VirtualThreadsChild {

  private VirtualThreadsChild() {}

  static final int THREADS = 10_000;

  static void parkedInUniquelyNamedVirtualMethod(CountDownLatch started, CountDownLatch release) throws InterruptedException {
    started.countDown();
    release.await();
  }

  public static void main(String[] args) throws Exception {
    CountDownLatch started = new CountDownLatch(THREADS);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    for (int i = 0; i < THREADS; i++) {
      virtual.submit(() -> {
        parkedInUniquelyNamedVirtualMethod(started, release);
        return null;
      });
    }
    started.await();
    System.out.print(ThreadDumps.dump());
    System.out.flush();
    release.countDown();
    virtual.shutdown();
  }
}
