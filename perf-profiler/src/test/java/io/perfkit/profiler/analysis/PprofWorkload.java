package io.perfkit.profiler.analysis;

import io.perfkit.profiler.Workloads;
import io.perfkit.profiler.internal.RequestEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Recording;

/**
 * The recording the pprof export tests read, under a second long on an idle machine: thread
 * {@link #ALPHA} burns 400 ms of CPU in {@link #pprofAlphaBurn} inside a traced request
 * ({@code perfkit.Request} with {@link #TRACE_ID}), then 250 ms in {@link #pprofGammaBurn} after
 * it; thread {@link #BETA} burns 600 ms in {@link #pprofBetaBurn} meanwhile; an unnamed thread
 * allocates; {@link #LOCK_WAITER} waits for a monitor that {@link #LOCK_HOLDER} holds while it
 * sleeps.
 */
final class PprofWorkload {

  static final String ALPHA = "pprof-alpha";
  static final String BETA = "pprof-beta";
  static final String LOCK_HOLDER = "pprof-lock-holder";
  static final String LOCK_WAITER = "pprof-lock-waiter";
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN_ID = "00f067aa0ba902b7";
  static final String ALPHA_METHOD = PprofWorkload.class.getName() + ".pprofAlphaBurn";
  static final String BETA_METHOD = PprofWorkload.class.getName() + ".pprofBetaBurn";
  static final String GAMMA_METHOD = PprofWorkload.class.getName() + ".pprofGammaBurn";

  /** The line of {@link #pprofAlphaBurn}'s first statement; its loop is in the few lines after. */
  static volatile int alphaFirstLine;
  /** The unnamed thread's Java id. */
  static volatile long unnamedThreadId;
  static volatile double sink;

  /** However loaded the machine, a burn gives up after this long. */
  private static final long WALL_CAP_NANOS = 5_000_000_000L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PprofWorkload() {}

  /**
   * The calling thread's CPU time: the burns run for CPU time rather than wall time, so that each
   * is sampled about as often on a loaded machine as on an idle one.
   */
  private static long cpuNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }

  static void pprofAlphaBurn(long cpuMillis) {
    alphaFirstLine = StackWalker.getInstance().walk(s -> s.findFirst()).orElseThrow().getLineNumber();
    long until = cpuNanos() + cpuMillis * 1_000_000;
    long deadline = System.nanoTime() + WALL_CAP_NANOS;
    double x = 1;
    while (cpuNanos() < until && System.nanoTime() < deadline) {
      for (int i = 0; i < 10_000; i++) {
        x = Math.sqrt(x + i) * 1.000001;
      }
    }
    sink = x;
  }

  static void pprofBetaBurn(long cpuMillis) {
    long until = cpuNanos() + cpuMillis * 1_000_000;
    long deadline = System.nanoTime() + WALL_CAP_NANOS;
    double x = 2;
    while (cpuNanos() < until && System.nanoTime() < deadline) {
      for (int i = 0; i < 10_000; i++) {
        x = Math.cbrt(x + i) * 1.000001;
      }
    }
    sink = x;
  }

  static void pprofGammaBurn(long cpuMillis) {
    long until = cpuNanos() + cpuMillis * 1_000_000;
    long deadline = System.nanoTime() + WALL_CAP_NANOS;
    double x = 3;
    while (cpuNanos() < until && System.nanoTime() < deadline) {
      for (int i = 0; i < 10_000; i++) {
        x = Math.log(x + i) * 1.000001;
      }
    }
    sink = x;
  }

  /**
   * Records the workload into {@code file}.
   *
   * @param periodSetting true to record JFR's active settings, and with them the sampling period
   */
  static Path record(Path file, boolean periodSetting) throws Exception {
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
      r.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ZERO).withStackTrace();
      r.enable("jdk.ThreadSleep").withThreshold(Duration.ZERO).withStackTrace();
      r.enable("jdk.OldObjectSample").with("cutoff", "0 ns").withStackTrace();
      r.enable(RequestEvent.class).withThreshold(Duration.ZERO);
      if (periodSetting) {
        r.enable("jdk.ActiveSetting");
      }
      r.start();
      Thread alpha = Workloads.background(ALPHA, () -> {
        RequestEvent request = new RequestEvent();
        request.begin();
        pprofAlphaBurn(400);
        request.end();
        request.method = "GET";
        request.path = "/pprof";
        request.status = 200;
        request.slow = "none";
        request.traceId = TRACE_ID;
        request.spanId = SPAN_ID;
        request.commit();
        pprofGammaBurn(250);
      });
      Thread beta = Workloads.background(BETA, () -> pprofBetaBurn(600));
      Thread unnamed = Workloads.background("", () -> Workloads.allocateInUniquelyNamedMethod(200));
      unnamedThreadId = unnamed.getId();
      Object monitor = new Object();
      CountDownLatch held = new CountDownLatch(1);
      Thread holder = Workloads.background(LOCK_HOLDER, () -> {
        synchronized (monitor) {
          held.countDown();
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      held.await();
      Thread waiter = Workloads.background(LOCK_WAITER, () -> {
        synchronized (monitor) {
          sink = sink + 1;
        }
      });
      for (Thread t : new Thread[] {alpha, beta, unnamed, holder, waiter}) {
        t.join();
      }
      r.stop();
      r.dump(file);
    }
    return file;
  }
}
