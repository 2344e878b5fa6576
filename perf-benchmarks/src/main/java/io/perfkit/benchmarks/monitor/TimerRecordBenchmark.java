package io.perfkit.benchmarks.monitor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.perfkit.micrometer.PerfkitMeterRegistry;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.Timer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
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
 * Recording one latency that is already measured, into one shared timer per library (run with
 * {@code -t 1} and {@code -t 2}; with two threads, both record into the same timer, which is
 * where contention shows). Values are log-normal latencies around 2 ms, cycled from a table:
 * {@code sigma=1}, 4,096 values, a few hundred distinct buckets (the common case, all in a
 * thread's sparse table); {@code sigma=3}, 65,536 values over tens of thousands of buckets, so
 * each of Perfkit's per-thread buffers spills into its dense array every tick (the spill path).
 * Perfkit's monitor ticks once a second meanwhile, as in production.
 *
 * <ul>
 *   <li>{@code perfkit}: {@link Timer#recordNanos};</li>
 *   <li>{@code peerHdrHistogram}: a plain {@link Histogram} per thread, the single-writer floor;</li>
 *   <li>{@code peerHdrRecorder}: one shared HdrHistogram {@link Recorder};</li>
 *   <li>{@code peerMicrometer}: a Micrometer timer without percentiles;</li>
 *   <li>{@code peerMicrometerPercentiles}: with {@code publishPercentiles(0.5, 0.99, 0.999)};</li>
 *   <li>{@code peerDropwizard}: a Dropwizard timer (exponentially decaying reservoir);</li>
 *   <li>{@code micrometerBridge}: a Micrometer timer from {@code PerfkitMeterRegistry}, what
 *       code instrumented with Micrometer pays when it records into Perfkit.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class TimerRecordBenchmark {

  private Monitor monitor;
  private Timer perfkit;
  private Recorder recorder;
  private io.micrometer.core.instrument.Timer micrometer;
  private io.micrometer.core.instrument.Timer micrometerPercentiles;
  private io.micrometer.core.instrument.Timer bridged;
  private com.codahale.metrics.Timer dropwizard;

  @Setup(Level.Trial)
  public void setUp() {
    monitor = Monitor.builder().build().start();
    perfkit = monitor.timer("bench.latency");
    recorder = new Recorder(3);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    micrometer = io.micrometer.core.instrument.Timer.builder("bench.plain").register(registry);
    micrometerPercentiles = io.micrometer.core.instrument.Timer.builder("bench.percentiles")
        .publishPercentiles(0.5, 0.99, 0.999).register(registry);
    dropwizard = new com.codahale.metrics.Timer();
    bridged = io.micrometer.core.instrument.Timer.builder("bench.bridged").register(PerfkitMeterRegistry.builder(monitor).build());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    monitor.close();
  }

  /** Each thread's own values and, for the floor, its own histogram. */
  @State(Scope.Thread)
  public static class Values {
    @Param({"1", "3"})
    public double sigma;

    long[] values;
    int mask;
    final Histogram histogram = new Histogram(1, 3_600_000_000_000L, 3);
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      values = new long[sigma > 2 ? 1 << 16 : 1 << 12];
      mask = values.length - 1;
      Random r = new Random(Thread.currentThread().getId());
      for (int i = 0; i < values.length; i++) {
        values[i] = Math.min(3_600_000_000_000L, (long) Math.exp(Math.log(2_000_000) + sigma * r.nextGaussian()));
      }
    }

    long next() {
      return values[next++ & mask];
    }
  }

  @Benchmark
  public void perfkit(Values v) {
    perfkit.recordNanos(v.next());
  }

  @Benchmark
  public void peerHdrHistogram(Values v) {
    v.histogram.recordValue(v.next());
  }

  @Benchmark
  public void peerHdrRecorder(Values v) {
    recorder.recordValue(v.next());
  }

  @Benchmark
  public void peerMicrometer(Values v) {
    micrometer.record(v.next(), TimeUnit.NANOSECONDS);
  }

  @Benchmark
  public void peerMicrometerPercentiles(Values v) {
    micrometerPercentiles.record(v.next(), TimeUnit.NANOSECONDS);
  }

  @Benchmark
  public void peerDropwizard(Values v) {
    dropwizard.update(v.next(), TimeUnit.NANOSECONDS);
  }

  @Benchmark
  public void micrometerBridge(Values v) {
    bridged.record(v.next(), TimeUnit.NANOSECONDS);
  }
}
