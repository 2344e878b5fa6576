package io.perfkit.benchmarks.monitor;

import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.executor.ExecutorMetrics;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What measuring a pool adds to each task: the executor measured runs every task at once on the
 * calling thread, so a queue's handoff (microseconds, and noisy) does not hide the nanoseconds
 * the wrapper adds. One {@code execute} of a {@code Runnable}, one {@code submit} of a
 * {@code Callable} and its result, each through:
 * <ul>
 *   <li>{@code baseline}: the executor itself;</li>
 *   <li>{@code perfkit}: {@link ExecutorMetrics#monitor}, queue wait and run time in two
 *       HdrHistogram timers (the monitor ticks once a second meanwhile);</li>
 *   <li>{@code peerMicrometer}: Micrometer's {@link ExecutorServiceMetrics#monitor}, its
 *       {@code executor} and {@code executor.idle} timers in a {@code SimpleMeterRegistry}.</li>
 * </ul>
 * {@code executor=pool}: the executor is a {@code ThreadPoolExecutor}, whose queue and active
 * counts Perfkit reads from the pool; {@code executor=other}: any other executor, for which the
 * wrapper counts them itself (three more adder increments a task). Run with {@code -prof gc} for
 * the bytes each adds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ExecutorBenchmark {

  @Param({"pool", "other"})
  public String executor;

  private Monitor monitor;
  private ExecutorService direct;
  private ExecutorService perfkit;
  private ExecutorService micrometer;
  private final Runnable task = () -> { };
  private final Callable<Integer> call = () -> 42;

  @Setup(Level.Trial)
  public void setUp() {
    monitor = Monitor.builder().build().start();
    direct = direct();
    perfkit = ExecutorMetrics.builder(monitor).build().monitor("bench", direct());
    micrometer = ExecutorServiceMetrics.monitor(new SimpleMeterRegistry(), direct(), "bench");
  }

  private ExecutorService direct() {
    return executor.equals("pool") ? new DirectPool() : new Direct();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    monitor.close();
  }

  @Benchmark
  public void baselineExecute() {
    direct.execute(task);
  }

  @Benchmark
  public void perfkitExecute() {
    perfkit.execute(task);
  }

  @Benchmark
  public void peerMicrometerExecute() {
    micrometer.execute(task);
  }

  @Benchmark
  public void baselineSubmit(Blackhole bh) throws Exception {
    bh.consume(direct.submit(call).get());
  }

  @Benchmark
  public void perfkitSubmit(Blackhole bh) throws Exception {
    bh.consume(perfkit.submit(call).get());
  }

  @Benchmark
  public void peerMicrometerSubmit(Blackhole bh) throws Exception {
    bh.consume(micrometer.submit(call).get());
  }

  /** A thread pool that runs each task on the calling thread as it is handed over. */
  static final class DirectPool extends ThreadPoolExecutor {
    DirectPool() {
      super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }

    @Override
    public void execute(Runnable command) {
      command.run();
    }
  }

  /** Runs each task on the calling thread as it is handed over. */
  static final class Direct extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return shutdown;
    }
  }
}
