package io.perfkit.benchmarks.monitor;

import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.Timer;
import java.util.Random;
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

/**
 * One tick of a monitor with {@code timers} timers, each given {@code valuesPerTick} new
 * log-normal latencies (σ 1.5, median 2 ms) before it: the recording and the tick that drains,
 * windows and snapshots them (and keeps each timer's exponential buckets since start). What a
 * service with a thousand endpoints pays per second, on the monitor's own thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class TickBenchmark {

  @Param({"1000"})
  public int timers;

  @Param({"20"})
  public int valuesPerTick;

  private Monitor monitor;
  private Timer[] meters;
  private long[] values;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    monitor = Monitor.builder().build();
    meters = new Timer[timers];
    for (int t = 0; t < timers; t++) {
      meters[t] = monitor.timer("service.op.latency", "op", "op" + t);
    }
    Random r = new Random(3);
    values = new long[1 << 16];
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) (2e6 * Math.exp(1.5 * r.nextGaussian()));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    monitor.close();
  }

  @Benchmark
  public MonitorSnapshot recordThenTick() {
    for (Timer t : meters) {
      for (int i = 0; i < valuesPerTick; i++) {
        t.recordNanos(values[next++ & (values.length - 1)]);
      }
    }
    return monitor.tick();
  }
}
