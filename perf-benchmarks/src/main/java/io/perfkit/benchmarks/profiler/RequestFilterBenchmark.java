package io.perfkit.benchmarks.profiler;

import io.perfkit.monitor.Monitor;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.trigger.RequestProfiler;
import io.perfkit.servlet.PerfkitFilter;
import jakarta.servlet.FilterChain;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What request profiling adds to a request that is not slow: a trivial handler called directly
 * ({@code baselineNoFilter}) and through {@link RequestProfiler#around} ({@code filter}), the
 * path the HTTP filter takes too: two clock readings, a comparison, and the
 * {@code perfkit.Request} JFR event, recorded by the running continuous recorder.
 *
 * <p>{@code servletFilter} is the Servlet filter ({@code perf-servlet}) on the same request,
 * called as a container calls it: it also finds the route, times the request into the monitor
 * and hands it to the same profiler.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class RequestFilterBenchmark {

  private ContinuousRecorder recorder;
  private RequestProfiler profiler;
  private RequestProfiler profilerWithThreadCpu;
  private final Callable<Integer> handler = () -> 200;
  private Monitor monitor;
  private PerfkitFilter servletFilter;
  private final ServletStubs.Request request = new ServletStubs.Request();
  private final ServletStubs.Response response = new ServletStubs.Response();
  private final FilterChain chain = (req, res) -> { };

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    recorder = ContinuousRecorder.builder(Files.createTempDirectory("filter-bench")).maxAge(Duration.ofMinutes(1)).maxSize(64L << 20).build().start();
    profiler = RequestProfiler.builder(recorder, r -> { }).build();
    profilerWithThreadCpu = RequestProfiler.builder(recorder, r -> { }).threadCpuTime(true).build();
    monitor = Monitor.builder().build().start();
    servletFilter = PerfkitFilter.builder(monitor).requestProfiler(profiler).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    profiler.close();
    profilerWithThreadCpu.close();
    recorder.close();
    monitor.close();
  }

  @Benchmark
  public Integer baselineNoFilter() throws Exception {
    return handler.call();
  }

  @Benchmark
  public Integer filter() throws Exception {
    return profiler.around("GET", "/fast", handler);
  }

  /** The same, reading the thread's CPU clock when the request begins (and ends, were it slow). */
  @Benchmark
  public Integer filterWithThreadCpu() throws Exception {
    return profilerWithThreadCpu.around("GET", "/fast", handler);
  }

  @Benchmark
  public ServletStubs.Response servletFilter() throws Exception {
    servletFilter.doFilter(request, response, chain);
    return response;
  }
}
