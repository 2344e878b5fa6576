package io.perfkit.benchmarks.profiler;

import io.perfkit.profiler.capture.ContinuousRecorder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
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
 * What watching I/O costs the I/O: a 4 KiB read from a file in the page cache
 * ({@code RandomAccessFile}, which JFR instruments), with no recording
 * ({@code baselineNoRecording}), with Perfkit's always-on {@link ContinuousRecorder} (file events
 * above 10 ms, so a cached read is timed but never recorded: {@code alwaysOn}), and with a
 * recording that keeps every read with its stack ({@code everyRead}: JFR's {@code jdk.FileRead}
 * at threshold 0, what an IO capture with a zero threshold does), the price of an I/O report of
 * every read. Each in a fork of its own.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class IoOverheadBenchmark {

  private static final int BLOCK = 4096;
  private static final int BLOCKS = 256;

  private Path file;
  private RandomAccessFile in;
  private final byte[] buffer = new byte[BLOCK];
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    file = Files.createTempFile("io-overhead", ".bin");
    byte[] content = new byte[BLOCK * BLOCKS];
    new java.util.Random(5).nextBytes(content);
    Files.write(file, content);
    in = new RandomAccessFile(file.toFile(), "r");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    in.close();
    Files.deleteIfExists(file);
  }

  /** Perfkit's always-on recording, started only in the fork that measures it. */
  @State(Scope.Benchmark)
  public static class AlwaysOn {
    ContinuousRecorder recorder;

    @Setup(Level.Trial)
    public void start() throws IOException {
      recorder = ContinuousRecorder.builder(Files.createTempDirectory("io-overhead-flight")).maxAge(Duration.ofMinutes(1))
          .maxSize(64L << 20).build().start();
    }

    @TearDown(Level.Trial)
    public void stop() {
      recorder.close();
    }
  }

  /** A recording of every file read, with its stack. */
  @State(Scope.Benchmark)
  public static class EveryRead {
    Recording recording;

    @Setup(Level.Trial)
    public void start() throws IOException {
      recording = new Recording();
      recording.enable("jdk.FileRead").withThreshold(Duration.ZERO).withStackTrace();
      recording.setMaxAge(Duration.ofSeconds(10));
      recording.setToDisk(true);
      recording.start();
    }

    @TearDown(Level.Trial)
    public void stop() {
      recording.close();
    }
  }

  private int read() throws IOException {
    in.seek((long) next * BLOCK);
    next = (next + 1) % BLOCKS;
    return in.read(buffer);
  }

  @Benchmark
  public int baselineNoRecording() throws IOException {
    return read();
  }

  @Benchmark
  public int alwaysOn(AlwaysOn recording) throws IOException {
    return read();
  }

  @Benchmark
  public int everyRead(EveryRead recording) throws IOException {
    return read();
  }
}
