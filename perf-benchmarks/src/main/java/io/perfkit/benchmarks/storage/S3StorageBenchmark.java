package io.perfkit.benchmarks.storage;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.storage.file.FileProfileStorage;
import io.perfkit.storage.s3.local.LocalS3;
import io.perfkit.storage.s3.S3ProfileStorageProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * The S3 storage against a real S3-compatible server on loopback (S3Proxy in the benchmark's
 * JVM, objects as files), beside {@link FileProfileStorage} on the same profiles:
 * <ul>
 *   <li>{@code store}: one profile of {@code size} bytes (64 KiB: one PUT of content and one of
 *       its index record; 8 MiB: a multipart upload of two 5 MiB parts);</li>
 *   <li>{@code queryByLabel}: the newest 100 of one instance's 200 profiles among 10,000, with
 *       the default refresh interval (the index is listed at most once a second), and
 *       {@code queryByLabelListing}, which lists the index on every query;</li>
 *   <li>{@code openAndFirstQuery}: opening a storage on the bucket of 10,000 (listing the index
 *       and reading its segments) and answering the first query.</li>
 * </ul>
 * Both storages run without forcing to disk, so the comparison is of protocol and layout.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class S3StorageBenchmark {

  static final int PROFILES = 10_000;
  static final String BUCKET = "bench";

  @Param({"s3", "file"})
  public String backend;

  private Path dir;
  private Path fleetDir;
  private LocalS3 s3;
  private ProfileStorage forStores;
  private ProfileStorage forQueries;
  private ProfileStorage listingEveryQuery;
  private byte[] small;
  private byte[] large;
  private final ProfileQuery byLabel = ProfileQuery.builder().label("instance", "i-7").limit(100).build();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = BenchDirs.create("s3-bench");
    // the 10,000 profiles are stored once per machine and reused by every trial: filling takes a minute
    Path fleet = dir.getParent().resolve("perfkit-s3-bench-fleet-" + PROFILES);
    small = new byte[64 << 10];
    large = new byte[8 << 20];
    new Random(1).nextBytes(small);
    new Random(2).nextBytes(large);
    boolean filled = java.nio.file.Files.exists(fleet.resolve(backend + ".filled"));
    java.nio.file.Files.createDirectories(fleet);
    fleetDir = fleet.resolve(backend);
    if (backend.equals("s3")) {
      s3 = LocalS3.start(fleetDir).bucket(BUCKET);
      forStores = s3Storage("stores-" + System.nanoTime(), "partSize=5MiB");
      if (!filled) {
        ProfileStorage fill = s3Storage("fleet", "");
        fill(fill);
        fill.close();
      }
      forQueries = s3Storage("fleet", "");
      listingEveryQuery = s3Storage("fleet", "refreshInterval=0s");
    } else {
      forStores = FileProfileStorage.builder(dir.resolve("stores")).fsync(false).retentionInterval(Duration.ZERO).open();
      if (!filled) {
        FileProfileStorage fill = FileProfileStorage.builder(fleetDir).fsync(false).retentionInterval(Duration.ZERO).open();
        fill(fill);
        fill.close();
      }
      forQueries = FileProfileStorage.builder(fleetDir).fsync(false).retentionInterval(Duration.ZERO).open();
      listingEveryQuery = forQueries;
    }
    java.nio.file.Files.writeString(fleet.resolve(backend + ".filled"), "10000 profiles\n");
  }

  private ProfileStorage s3Storage(String prefix, String options) throws IOException {
    return new S3ProfileStorageProvider().open(s3.storageUri(BUCKET, prefix, "retentionInterval=0s"
        + (options.isEmpty() ? "" : "&" + options)), Map.of());
  }

  /** 10,000 profiles of 1 KiB from 50 instances, stored by 8 threads. */
  private static void fill(ProfileStorage s) throws Exception {
    byte[] content = new byte[1024];
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<StoredProfile>> done = new ArrayList<>();
    for (int i = 0; i < PROFILES; i++) {
      ProfileMetadata m = new ProfileMetadata(i % 3 == 0 ? ProfileType.ALLOCATION : ProfileType.CPU, t0.plusSeconds(i),
          Duration.ofSeconds(10), "jfr", Labels.of("service", "checkout", "instance", "i-" + (i % 50),
              "trigger", i % 7 == 0 ? "alert" : "slow", "top_1", "com.example.checkout.PriceEngine.quote"));
      done.add(pool.submit(() -> s.store(m, new ByteArrayInputStream(content))));
    }
    for (Future<StoredProfile> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    forStores.close();
    forQueries.close();
    if (listingEveryQuery != forQueries) {
      listingEveryQuery.close();
    }
    if (s3 != null) {
      s3.close();
    }
    BenchDirs.delete(dir);
  }

  private ProfileMetadata meta() {
    return new ProfileMetadata(ProfileType.CPU, Instant.now(), Duration.ofSeconds(10), "jfr",
        Labels.of("service", "checkout", "instance", "i-1"));
  }

  @Benchmark
  public StoredProfile store64KiB() throws IOException {
    return forStores.store(meta(), new ByteArrayInputStream(small));
  }

  @Benchmark
  @Warmup(iterations = 2, time = 3)
  @Measurement(iterations = 4, time = 3)
  public StoredProfile store8MiB() throws IOException {
    return forStores.store(meta(), new ByteArrayInputStream(large));
  }

  @Benchmark
  public List<StoredProfile> queryByLabel() throws IOException {
    return forQueries.query(byLabel);
  }

  @Benchmark
  public List<StoredProfile> queryByLabelListing() throws IOException {
    return listingEveryQuery.query(byLabel);
  }

  @Benchmark
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 4, time = 2)
  public List<StoredProfile> openAndFirstQuery() throws IOException {
    if (backend.equals("s3")) {
      try (ProfileStorage s = s3Storage("fleet", "")) {
        return s.query(byLabel);
      }
    }
    try (FileProfileStorage s = FileProfileStorage.builder(fleetDir).fsync(false)
        .retentionInterval(Duration.ZERO).open()) {
      return s.query(byLabel);
    }
  }
}
