package io.perfkit.benchmarks.storage;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.storage.file.FileProfileStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
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
 * Storing one profile durably, against two controls written with plain NIO: the physical floor
 * (the same bytes written to a new file and forced) and the same durability as a store (written
 * to a temporary file, forced, renamed into place, the directory forced). Each thread has its
 * own storage directory.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class StoreBenchmark {

  @Param({"65536"})
  public int sizeBytes;

  private byte[] payload;
  private Path dir;
  private FileProfileStorage storage;
  private ProfileMetadata metadata;
  private long rawFiles;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    payload = new byte[sizeBytes];
    new Random(1).nextBytes(payload);
    dir = BenchDirs.create("store-bench");
    storage = FileProfileStorage.builder(dir.resolve("store")).retentionInterval(Duration.ZERO).open();
    java.nio.file.Files.createDirectories(dir.resolve("raw"));
    java.nio.file.Files.createDirectories(dir.resolve("durable").resolve("tmp"));
    java.nio.file.Files.createDirectories(dir.resolve("durable").resolve("final"));
    metadata = new ProfileMetadata(ProfileType.CPU, Instant.parse("2026-11-27T10:00:00Z"), Duration.ofSeconds(1),
        "jfr", Labels.of("path", "/checkout", "trigger", "slow", "duration_ms", "1234"));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    storage.close();
    BenchDirs.delete(dir);
  }

  @Benchmark
  public StoredProfile store() throws IOException {
    return storage.store(metadata, new ByteArrayInputStream(payload));
  }

  @Benchmark
  public long baselineRawWriteFsync() throws IOException {
    Path file = dir.resolve("raw").resolve("raw-" + (rawFiles++) + ".bin");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(payload);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
      return ch.size();
    }
  }

  @Benchmark
  public long baselineWriteForceRenameForceDir() throws IOException {
    String name = "durable-" + (rawFiles++) + ".bin";
    Path tmp = dir.resolve("durable").resolve("tmp").resolve(name);
    Path target = dir.resolve("durable").resolve("final");
    long size;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(payload);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
      size = ch.size();
    }
    Files.move(tmp, target.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(target, StandardOpenOption.READ)) {
      d.force(true);
    }
    return size;
  }
}
