package io.perfkit.benchmarks.profiler;

import io.perfkit.profiler.async.AsyncProfilerEngine;
import io.perfkit.profiler.capture.CpuEngine;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.trigger.ContinuousProfiles;
import io.perfkit.storage.file.FileProfileStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * What the always-on continuous recorder costs a CPU-bound workload: the same work (sorting a copy
 * of 4,096 ints and hashing it, allocating the copy) without any recording
 * ({@code baselineNoRecording}) and with Perfkit's {@link ContinuousRecorder} running
 * ({@code alwaysOn}), with continuous profiles cut from it every second into a storage on disk
 * ({@code continuousProfiles}: sixty times the default rate, so that an iteration sees two chunks
 * cut, read and stored), and with an async-profiler CPU session sampling every thread
 * ({@code asyncProfiler}, at 10 and 20 ms of CPU time), what a CPU capture by the optional
 * {@code perf-profiler-async} engine costs while it runs. JMH runs each method in a fork of its
 * own, so no recording leaks into the baseline.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
@State(Scope.Thread)
public class ProfilerOverheadBenchmark {

  private int[] data;

  @Setup(Level.Trial)
  public void setUp() {
    Random r = new Random(3);
    data = new int[4096];
    for (int i = 0; i < data.length; i++) {
      data[i] = r.nextInt();
    }
  }

  /** The always-on recording, started only in the fork that measures it. */
  @State(Scope.Benchmark)
  public static class Recording {
    ContinuousRecorder recorder;

    @Setup(Level.Trial)
    public void start() throws IOException {
      recorder = ContinuousRecorder.builder(Files.createTempDirectory("overhead-bench")).maxAge(Duration.ofMinutes(1)).maxSize(64L << 20).build().start();
    }

    @TearDown(Level.Trial)
    public void stop() {
      recorder.close();
    }
  }

  /** The always-on recording cut into one-second chunks stored on disk, only in the fork that measures it. */
  @State(Scope.Benchmark)
  public static class Chunks {
    ContinuousRecorder recorder;
    FileProfileStorage storage;
    ProfileCollector collector;
    ContinuousProfiles chunks;

    @Setup(Level.Trial)
    public void start() throws IOException {
      Path dir = Files.createTempDirectory("overhead-bench-chunks");
      recorder = ContinuousRecorder.builder(dir.resolve("work")).maxAge(Duration.ofMinutes(1)).maxSize(64L << 20).build()
          .start();
      storage = FileProfileStorage.builder(dir.resolve("store")).maxAge(Duration.ofMinutes(2)).open();
      collector = ProfileCollector.builder(storage).build();
      chunks = ContinuousProfiles.builder(recorder, collector).interval(Duration.ofSeconds(1)).build().start();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      chunks.close();
      collector.close(Duration.ofSeconds(30));
      if (chunks.chunks() == 0 || chunks.failed() > 0) {
        throw new IllegalStateException(chunks.chunks() + " chunks cut, " + chunks.failed() + " failed");
      }
      storage.close();
      recorder.close();
    }
  }

  /** An async-profiler CPU session, started only in the fork that measures it. */
  @State(Scope.Benchmark)
  public static class AsyncCpuSession {
    @Param({"10", "20"})
    public int periodMillis;

    CpuEngine.Session session;
    Path file;

    @Setup(Level.Trial)
    public void start() throws IOException {
      AsyncProfilerEngine engine = new AsyncProfilerEngine();
      engine.unavailableReason().ifPresent(why -> {
        throw new IllegalStateException("async-profiler cannot run here: " + why);
      });
      file = Files.createTempFile("overhead-bench-async", ".jfr");
      session = engine.start(file, Duration.ofMillis(periodMillis));
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      session.stop();
      Files.deleteIfExists(file);
    }
  }

  private long work() {
    int[] copy = data.clone();
    java.util.Arrays.sort(copy);
    long h = 0;
    for (int v : copy) {
      h = h * 31 + v;
    }
    return h;
  }

  @Benchmark
  public long baselineNoRecording() {
    return work();
  }

  @Benchmark
  public long alwaysOn(Recording recording) {
    return work();
  }

  @Benchmark
  public long continuousProfiles(Chunks chunks) {
    return work();
  }

  @Benchmark
  public long asyncProfiler(AsyncCpuSession session) {
    return work();
  }
}
