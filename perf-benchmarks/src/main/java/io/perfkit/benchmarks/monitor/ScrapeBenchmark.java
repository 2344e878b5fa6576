package io.perfkit.benchmarks.monitor;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.http.PrometheusFormat;
import io.perfkit.monitor.http.PrometheusProtobuf;
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
 * Producing the Prometheus body for {@code timers} timers with percentiles (0.5, 0.9, 0.99,
 * 0.999), each holding the same 200 recorded latencies: Perfkit renders the last tick's snapshot,
 * as text (summaries) or as protobuf (native histograms); Micrometer's
 * {@code PrometheusMeterRegistry.scrape()} computes its percentiles as it scrapes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ScrapeBenchmark {

  @Param({"1000"})
  public int timers;

  private Monitor monitor;
  private PrometheusMeterRegistry micrometer;

  @Setup(Level.Trial)
  public void setUp() {
    monitor = Monitor.builder().build();
    micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TwinTimers.fill(monitor, micrometer, timers);
    for (int i = 0; i < 6 * 10; i++) {
      monitor.tick();  // fill the window, so quantiles are real numbers
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    monitor.close();
    micrometer.close();
  }

  @Benchmark
  public String perfkit() {
    return PrometheusFormat.text(monitor.snapshot());
  }

  /** The protobuf body Prometheus asks for with native histograms on: every timer a native histogram. */
  @Benchmark
  public byte[] perfkitProtobuf() {
    return PrometheusProtobuf.encode(monitor.snapshot(), io.perfkit.api.Labels.empty());
  }

  @Benchmark
  public String peerMicrometerPrometheus() {
    return micrometer.scrape();
  }
}
