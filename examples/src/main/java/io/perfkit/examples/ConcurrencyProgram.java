package io.perfkit.examples;

import io.perfkit.api.Labels;
import io.perfkit.api.Units;
import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.executor.ExecutorMetrics;
import io.perfkit.monitor.health.JvmHealthRule;
import io.perfkit.profiler.analysis.LockContention;
import io.perfkit.profiler.analysis.PinningReport;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The course's concurrency chapter, with the JVM's own goroutines: a small shop service with
 * three concurrency bugs (a pool too small for its bursts, a lock every worker contends for, and
 * virtual threads pinned to their carriers while one of them does I/O in a class initializer),
 * each found with the tool made for it, and what it found printed.
 */
final class ConcurrencyProgram implements ExampleProgram {

  static volatile long sink;

  @Override
  public String name() {
    return "concurrency";
  }

  @Override
  public String summary() {
    return "a pool too small, a contended lock and pinned virtual threads, each found and named";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar concurrency [--orders N]",
        "",
        "Runs a small shop service with three concurrency bugs and finds each one:",
        "  1. a checkout pool of 2 threads gets bursts of N orders of 20 ms each: ExecutorMetrics",
        "     times every order's wait in the queue and its run, and the ExecutorQueueWait rule",
        "     says the pool is too small;",
        "  2. four workers update one synchronized inventory: a lock profile names the",
        "     inventory's class as the most contended lock;",
        "  3. on JDK 21 or later, N requests on virtual threads all need a price list whose",
        "     class initializer reads a slow file: they block pinned to their carriers, which",
        "     the pinning report names (site and time) and the JvmVirtualThreadPinned rule",
        "     watches. On JDK 17 the program says that it cannot show this.",
        "",
        "  --orders N   orders in each burst, and requests on virtual threads (default 40)");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("--orders"), Set.of());
    int orders = a.integer("--orders", 40, 4, 10_000);
    Path dir = Files.createTempDirectory("perfkit-concurrency");
    int feature = Runtime.version().feature();
    out.printf(Locale.ROOT, "JVM %d; virtual threads: %s%n", feature, feature >= 21 ? "yes" : "no (JDK 21 or later)");
    Monitor monitor = Monitor.builder().build();
    ExecutorMetrics executors = ExecutorMetrics.builder(monitor).build();
    try (JvmMetrics jvm = JvmMetrics.builder(monitor).virtualThreads(true).build();
        Profiler profiler = Profiler.builder().workDir(dir).build()) {
      undersizedPool(monitor, executors, orders, out);
      contendedLock(profiler, out);
      if (feature >= 21) {
        pinnedVirtualThreads(monitor, executors, profiler, orders, out);
      } else {
        out.printf(Locale.ROOT, "%n3. pinned virtual threads: not shown: virtual threads need JDK 21 or later, "
            + "and this JVM is %d%n", feature);
      }
    } finally {
      monitor.close();
    }
    return 0;
  }

  // ---- 1. a pool too small for its bursts ----

  private static void undersizedPool(Monitor monitor, ExecutorMetrics executors, int orders, PrintStream out)
      throws Exception {
    out.printf(Locale.ROOT, "%n1. an undersized pool: checkout has 2 threads for bursts of %d orders of 20 ms%n", orders);
    ExecutorService checkout = executors.monitor("checkout", Executors.newFixedThreadPool(2, named("checkout")));
    monitor.tick();
    try {
      for (int burst = 0; burst < 2; burst++) {
        List<Future<?>> placed = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
          placed.add(checkout.submit(() -> sink += spin(Duration.ofMillis(20))));
        }
        for (Future<?> f : placed) {
          f.get();
        }
      }
    } finally {
      checkout.shutdown();
      checkout.awaitTermination(10, TimeUnit.SECONDS);
    }
    MonitorSnapshot s = monitor.tick();
    double wait = s.quantile("executor.idle{name=checkout}", 0.99).orElse(Double.NaN);
    double run = s.quantile("executor{name=checkout}", 0.99).orElse(Double.NaN);
    out.printf(Locale.ROOT, "   %d orders: p99 queue wait %s, p99 run %s: orders waited %.0fx longer than they ran%n",
        (long) s.value("executor.idle{name=checkout}").orElse(0), Units.seconds(wait), Units.seconds(run), wait / run);
    JvmHealthRule.ExecutorQueueWait rule = new JvmHealthRule.ExecutorQueueWait();
    AlertEvaluation e = rule.evaluate(s);
    out.printf(Locale.ROOT, "   rule %s: %s (it fires once that holds for %s, and takes a thread dump)%n", rule.name(),
        rule.message(e.metric(), e.value()), Units.duration(rule.forDuration()));
  }

  // ---- 2. a lock every worker needs ----

  /** The shop's stock, one lock for every item. */
  static final class Inventory {
    private long units = 1_000_000;

    synchronized void take(int n) {
      spin(Duration.ofMillis(2));  // checks and writes while holding the lock
      units -= n;
    }
  }

  private static void contendedLock(Profiler profiler, PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "%n2. a contended lock: 4 workers take stock from one synchronized inventory%n");
    CompletableFuture<CaptureResult> capture = profiler.capture(ProfileType.LOCK, Duration.ofSeconds(2), Labels.empty());
    Inventory inventory = new Inventory();
    long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          inventory.take(1);
        }
      }, "stock-" + i);
      t.start();
      workers.add(t);
    }
    for (Thread t : workers) {
      t.join();
    }
    CaptureResult lock = capture.get(30, TimeUnit.SECONDS);
    List<String> top = LockContention.topMonitors(lock.file(), 3);
    out.printf(Locale.ROOT, "   most contended locks (lock profile, 2 s): %s%n", top.isEmpty() ? "none" : String.join(", ", top));
    lock.deleteFile();
  }

  // ---- 3. virtual threads pinned to their carriers ----

  /** Prices, read once from a slow file by the class initializer: every reader waits, pinned. */
  static final class PriceList {
    static final long[] PRICES = load();

    private PriceList() {}

    private static long[] load() {
      try {
        Thread.sleep(300);  // the slow read of the price file
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new long[] {199, 499, 999};
    }
  }

  private static void pinnedVirtualThreads(Monitor monitor, ExecutorMetrics executors, Profiler profiler, int requests,
      PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "%n3. pinned virtual threads: %d requests on virtual threads need the price list, "
        + "whose class initializer reads a slow file%n", requests);
    monitor.tick();
    CompletableFuture<CaptureResult> capture = profiler.capture(ProfileType.LOCK, Duration.ofSeconds(2), Labels.empty());
    Thread.sleep(200);
    ExecutorService virtual = executors.monitor("requests",
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null));
    try {
      List<Future<?>> served = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        int item = i % 3;
        served.add(virtual.submit(() -> sink += PriceList.PRICES[item]));
      }
      for (Future<?> f : served) {
        f.get();
      }
    } finally {
      virtual.shutdown();
      virtual.awaitTermination(10, TimeUnit.SECONDS);
    }
    MonitorSnapshot ran = monitor.tick();
    out.printf(Locale.ROOT, "   %d requests: p50 %s from submission to done, each waiting for the one that read the file%n",
        (long) ran.value("executor{name=requests}").orElse(0),
        Units.seconds(ran.quantile("executor{name=requests}", 0.5).orElse(Double.NaN)
            + ran.quantile("executor.idle{name=requests}", 0.5).orElse(Double.NaN)));
    CaptureResult recording = capture.get(30, TimeUnit.SECONDS);
    PinningReport report = PinningReport.read(recording.file());
    recording.deleteFile();
    for (String line : report.text().split("\n")) {
      out.println("   " + line);
    }
    // the metrics' JFR stream hands its events over about once a second
    String pinned = "jvm.threads.virtual.pinned";
    MonitorSnapshot s = monitor.tick();
    for (int i = 0; i < 20 && s.value(pinned).orElse(0) < report.pinned(); i++) {
      Thread.sleep(100);
      s = monitor.tick();
    }
    out.printf(Locale.ROOT, "   %s: %d blocks longer than 20 ms%n", pinned, (long) s.value(pinned).orElse(0));
    JvmHealthRule.VirtualThreadPinned rule = new JvmHealthRule.VirtualThreadPinned();
    AlertEvaluation e = rule.evaluate(s);
    out.printf(Locale.ROOT, "   rule %s: %s (it fires once that holds for %s, and takes a lock profile)%n", rule.name(),
        rule.message(e.metric(), e.value()), Units.duration(rule.forDuration()));
  }

  // ---- helpers ----


  private static long spin(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    long x = 0;
    while (System.nanoTime() < end) {
      x += x * 31 + 7;
    }
    return x;
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    int[] n = {0};
    return r -> new Thread(r, prefix + "-" + n[0]++);
  }
}
