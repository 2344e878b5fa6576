package io.perfkit.monitor.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Quantiles;
import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.health.JvmHealthRule;
import io.perfkit.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pools measured through the wrapper, against what the test made them do. */
final class ExecutorMetricsTest {

  private final ManualTimeSource clock = new ManualTimeSource();
  private final Monitor monitor = Monitor.builder().timeSource(clock).build();
  private final ExecutorMetrics executors = ExecutorMetrics.builder(monitor).build();
  private final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (ExecutorService p : pools) {
      p.shutdownNow();
      assertTrue(p.awaitTermination(10, TimeUnit.SECONDS));
    }
    monitor.close();
  }

  private <P extends ExecutorService> P pool(P p) {
    pools.add(p);
    return p;
  }

  private static double value(MonitorSnapshot s, String key) {
    return s.value(key).orElseThrow(() -> new AssertionError(key + " missing from " + s.metricNames()));
  }

  @Test
  void queueWaitPercentiles_areTheWaitsTheTestMade_toATenthOfAPercent() throws Exception {
    ThreadPoolExecutor raw = pool(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()));
    ExecutorService pool = executors.monitor("orders", raw);
    CountDownLatch gate = new CountDownLatch(1);
    raw.execute(() -> await(gate));  // holds the one thread, unmeasured, while the tasks queue up
    Random random = new Random(42);
    int n = 2000;
    long[] submitted = new long[n];
    long[] ran = new long[n];
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long step = random.nextInt(200_000);  // up to 200 µs between submissions
      clock.advance(Duration.ofNanos(step));
      submitted[i] = clock.nanoTime();
      ran[i] = 1_000 + random.nextInt(5_000_000);  // each task runs 1 µs to 5 ms of the clock
      long runs = ran[i];
      Runnable body = () -> clock.advance(Duration.ofNanos(runs));
      futures.add(i % 2 == 0 ? pool.submit(body) : CompletableFuture.runAsync(body, pool));
    }
    clock.advance(Duration.ofMillis(3));
    long start = clock.nanoTime();
    gate.countDown();
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();  // a runAsync stage completes before its wrapper counts it: wait for the pool
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    long[] waits = new long[n];
    for (int i = 0; i < n; i++) {
      waits[i] = start - submitted[i];
      start += ran[i];
    }
    Arrays.sort(waits);
    long[] runs = ran.clone();
    Arrays.sort(runs);
    MonitorSnapshot s = monitor.tick();
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      double expected = Quantiles.nearestRank(waits, q) / 1e9;
      double measured = s.quantile("executor.idle{name=orders}", q).orElseThrow();
      assertEquals(expected, measured, expected * 0.001, "queue wait p" + q * 100);
      double expectedRun = Quantiles.nearestRank(runs, q) / 1e9;
      assertEquals(expectedRun, s.quantile("executor{name=orders}", q).orElseThrow(), expectedRun * 0.001, "run time p" + q * 100);
    }
    assertEquals(n, value(s, "executor.idle{name=orders}"));
    assertEquals(n, value(s, "executor.completed{name=orders}"));
  }

  @Test
  void aThreadPool_showsItsSizeQueueAndRefusals() throws Exception {
    ThreadPoolExecutor raw = pool(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2)));
    ExecutorService pool = executors.monitor("small", raw);
    CountDownLatch gate = occupy(pool);
    pool.execute(() -> { });
    pool.submit(() -> 1);
    RejectedExecutionException refused = assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
    assertTrue(refused.getMessage() != null);
    MonitorSnapshot s = monitor.tick();
    assertEquals(1, value(s, "executor.active{name=small}"));
    assertEquals(2, value(s, "executor.queued{name=small}"));
    assertEquals(0, value(s, "executor.queue.remaining{name=small}"));
    assertEquals(1, value(s, "executor.pool.size{name=small}"));
    assertEquals(1, value(s, "executor.pool.core{name=small}"));
    assertEquals(1, value(s, "executor.pool.max{name=small}"));
    assertEquals(1, value(s, "executor.rejected{name=small}"));
    gate.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertTrue(raw.isTerminated(), "shutting the wrapper down shuts the pool down");
    s = monitor.tick();
    assertEquals(3, value(s, "executor.completed{name=small}"));
    assertEquals(0, value(s, "executor.queued{name=small}"));
  }

  @Test
  void anyOtherExecutor_isCountedByTheWrapper_andShutdownNowGivesBackTheCommandsAsGiven() throws Exception {
    ExecutorService raw = pool(Executors.newSingleThreadExecutor());  // a delegating wrapper, no pool to read
    assertFalse(raw instanceof ThreadPoolExecutor);
    ExecutorService pool = executors.monitor("single", raw);
    CountDownLatch gate = occupy(pool);
    Runnable waiting = () -> { };
    pool.execute(waiting);
    pool.submit(() -> "x");
    MonitorSnapshot s = monitor.tick();
    assertEquals(1, value(s, "executor.active{name=single}"));
    assertEquals(2, value(s, "executor.queued{name=single}"));
    List<Runnable> never = pool.shutdownNow();
    assertEquals(2, never.size());
    assertSame(waiting, never.get(0), "the command as it was given, not the wrapper");
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    s = monitor.tick();
    assertEquals(0, value(s, "executor.queued{name=single}"), "unrun tasks leave the queue");
    assertEquals(0, value(s, "executor.active{name=single}"));
  }

  @Test
  void aForkJoinPool_isReadForItsOwnCounts_andItsTasksAreTimed() throws Exception {
    ForkJoinPool raw = pool(new ForkJoinPool(2));
    ExecutorService pool = executors.monitor("fj", raw);
    List<Future<Integer>> results = pool.invokeAll(List.of(() -> 1, () -> 2, () -> 3));
    int sum = 0;
    for (Future<Integer> f : results) {
      sum += f.get();
    }
    assertEquals(6, sum);  // each future is done only once its task was counted
    MonitorSnapshot s = monitor.tick();
    assertEquals(3, value(s, "executor.idle{name=fj}"));
    assertEquals(3, value(s, "executor.completed{name=fj}"));
    assertEquals(2, value(s, "executor.parallelism{name=fj}"));
    assertTrue(s.metricNames().contains("executor.steals{name=fj}"), s.metricNames().toString());
    assertTrue(s.metricNames().contains("executor.running{name=fj}"), s.metricNames().toString());
  }

  @Test
  void aScheduledTask_waitsFromTheTimeItWasDue_andEachPeriodicRunCounts() throws Exception {
    ScheduledExecutorService pool = executors.monitor("timers", pool(Executors.newScheduledThreadPool(1)));
    CountDownLatch ran = new CountDownLatch(1);
    ScheduledFuture<?> once = pool.schedule(ran::countDown, 300, TimeUnit.MILLISECONDS);
    // the task starts 3 ms of the clock after it was due: 303 ms after it was scheduled
    clock.advance(Duration.ofMillis(303));
    assertTrue(ran.await(10, TimeUnit.SECONDS));
    once.get();
    MonitorSnapshot s = monitor.tick();
    assertEquals(0.003, s.quantile("executor.idle{name=timers}", 1.0).orElseThrow(), 0.003 * 0.001);
    // one thread runs the runs one after another: when the fourth starts, three have ended
    CountDownLatch four = new CountDownLatch(4);
    ScheduledFuture<?> periodic = pool.scheduleAtFixedRate(four::countDown, 0, 5, TimeUnit.MILLISECONDS);
    assertTrue(four.await(10, TimeUnit.SECONDS));
    periodic.cancel(false);
    s = monitor.tick();
    assertTrue(value(s, "executor.completed{name=timers}") >= 4, "the one-shot task and every periodic run");
  }

  @Test
  void poolNames_areBounded_unique_andFreedByRemove() {
    ExecutorMetrics two = ExecutorMetrics.builder(monitor).maxPools(2).build();
    two.monitor("a", pool(Executors.newFixedThreadPool(1)));
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> two.monitor("a", pool(Executors.newFixedThreadPool(1))));
    assertTrue(twice.getMessage().contains("'a'"), twice.getMessage());
    IllegalArgumentException onTheMonitor = assertThrows(IllegalArgumentException.class,
        () -> executors.monitor("a", pool(Executors.newFixedThreadPool(1))));
    assertTrue(onTheMonitor.getMessage().contains("already measured"), onTheMonitor.getMessage());
    two.monitor("b", pool(Executors.newFixedThreadPool(1)));
    IllegalStateException full = assertThrows(IllegalStateException.class,
        () -> two.monitor("c", pool(Executors.newFixedThreadPool(1))));
    assertTrue(full.getMessage().contains("'c'") && full.getMessage().contains("2 pools"), full.getMessage());
    assertTrue(two.remove("a"));
    assertFalse(monitor.tick().metricNames().contains("executor.queued{name=a}"));
    two.monitor("c", pool(Executors.newFixedThreadPool(1)));
    assertEquals(java.util.Set.of("b", "c"), two.pools());
    assertThrows(IllegalArgumentException.class, () -> ExecutorMetrics.builder(monitor).maxPools(0));
    assertThrows(IllegalArgumentException.class, () -> two.monitor(" ", pool(Executors.newFixedThreadPool(1))));
  }

  @Test
  void theQueueWaitRule_firesOnTheWorstPool_andNamesIt() throws Exception {
    JvmHealthRule.ExecutorQueueWait rule = new JvmHealthRule.ExecutorQueueWait();
    assertEquals("no queue wait measured: no pool measured by ExecutorMetrics ran a task in the last tick",
        rule.message(rule.metric(), rule.evaluate(monitor.tick()).value()));
    for (String name : List.of("fast", "slow")) {
      ThreadPoolExecutor raw = pool(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()));
      ExecutorService pool = executors.monitor(name, raw);
      CountDownLatch gate = new CountDownLatch(1);
      raw.execute(() -> await(gate));
      Future<?> f = pool.submit(() -> { });
      clock.advance(Duration.ofMillis(name.equals("slow") ? 250 : 20));
      gate.countDown();
      f.get(10, TimeUnit.SECONDS);
    }
    AlertEvaluation e = rule.evaluate(monitor.tick());
    assertTrue(e.active(), e.toString());
    assertEquals("executor.idle{name=slow}", e.metric());
    assertEquals(0.25, e.value(), 0.25 * 0.001);
    assertTrue(rule.message(e.metric(), e.value()).startsWith("executor.idle{name=slow}: tasks waited 250 ms"),
        rule.message(e.metric(), e.value()));
    assertEquals("thread_dump", rule.capture().wireName());
    AlertEvaluation quiet = new JvmHealthRule.ExecutorQueueWait(Duration.ofSeconds(1)).evaluate(monitor.tick());
    assertFalse(quiet.active(), "no task ran in this tick: " + quiet);
  }

  /** Runs a task on the pool's one thread that holds it until the returned gate opens. */
  private static CountDownLatch occupy(ExecutorService pool) throws InterruptedException {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    pool.execute(() -> {
      running.countDown();
      await(gate);
    });
    assertTrue(running.await(10, TimeUnit.SECONDS));
    return gate;
  }

  private static void await(CountDownLatch gate) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
