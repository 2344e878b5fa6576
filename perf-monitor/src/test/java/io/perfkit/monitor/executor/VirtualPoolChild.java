package io.perfkit.monitor.executor;

import io.perfkit.monitor.HistogramSettings;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.Timer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Run on JDK 21+: 10,000 tasks on a measured virtual-thread-per-task executor, all alive at once,
 * each recording into the pool's timers from its own virtual thread; prints what the monitor saw.
 */
public final class VirtualPoolChild {

  static final int TASKS = 10_000;

  private VirtualPoolChild() {}

  public static void main(String[] args) throws Exception {
    Monitor monitor = Monitor.builder().build();
    ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    ExecutorService pool = ExecutorMetrics.builder(monitor).build().monitor("virtual", virtual);
    CountDownLatch started = new CountDownLatch(TASKS);
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < TASKS; i++) {
      pool.execute(() -> {
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    if (!started.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the virtual threads did not all start");
    }
    MonitorSnapshot during = monitor.tick();
    release.countDown();
    pool.shutdown();
    if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the virtual threads did not end");
    }
    Timer idle = monitor.timer(MetricId.of("executor.idle", "name", "virtual"), "", HistogramSettings.TIMER_DEFAULT);
    Timer ran = monitor.timer(MetricId.of("executor", "name", "virtual"), "", HistogramSettings.TIMER_DEFAULT);
    // before the tick that drains them: a table per virtual thread would hold ten thousand here
    long footprint = idle.footprintBytes() + ran.footprintBytes();
    MonitorSnapshot after = monitor.tick();
    System.out.println("active.during=" + (long) during.value("executor.active{name=virtual}").orElseThrow());
    System.out.println("waits=" + (long) (during.value("executor.idle{name=virtual}").orElseThrow()
        + after.value("executor.idle{name=virtual}").orElseThrow() - during.value("executor.idle{name=virtual}").orElseThrow()));
    System.out.println("completed=" + (long) after.value("executor.completed{name=virtual}").orElseThrow());
    System.out.println("runs=" + (long) after.value("executor{name=virtual}").orElseThrow());
    System.out.println("footprint=" + footprint);
    monitor.close();
  }
}
