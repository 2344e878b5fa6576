package io.perfkit.benchmarks.storage;

import io.perfkit.storage.file.FileProfileStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Opening a store of {@code entries} profiles: after a clean close ({@code open}, which trusts
 * the index) and after a crash ({@code openAfterCrash}, which rebuilds the index from every
 * profile's metadata). Each measured call opens and closes the store once.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class OpenBenchmark {

  @Param({"100000"})
  public int entries;

  private Path dir;
  private Path store;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = BenchDirs.create("open-bench");
    store = dir.resolve("store");
    StorageFixture.build(store, entries);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    BenchDirs.delete(dir);
  }

  @Benchmark
  public int open() throws IOException {
    try (FileProfileStorage s = FileProfileStorage.builder(store).retentionInterval(Duration.ZERO).open()) {
      return s.size();
    }
  }

  @Benchmark
  public int openAfterCrash() throws IOException {
    Files.deleteIfExists(store.resolve(".clean"));
    try (FileProfileStorage s = FileProfileStorage.builder(store).retentionInterval(Duration.ZERO).open()) {
      return s.size();
    }
  }
}
