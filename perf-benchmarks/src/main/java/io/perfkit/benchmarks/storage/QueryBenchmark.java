package io.perfkit.benchmarks.storage;

import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.storage.file.FileProfileStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * A time-range query with limit 100 (a two-hour window holds 720 entries) over a store of
 * {@code entries} profiles: alone ({@code query}), while another thread stores
 * ({@code queryWhileStoring}), and as the control, a linear scan of a plain list that filters,
 * sorts and cuts ({@code baselineLinearScan}), which is what a store without an index does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class QueryBenchmark {

  @Param({"1000", "100000"})
  public int entries;

  private Path dir;
  private FileProfileStorage storage;
  private List<StoredProfile> list;
  private ProfileQuery[] queries;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = BenchDirs.create("query-bench");
    StorageFixture.build(dir.resolve("store"), entries);
    storage = FileProfileStorage.builder(dir.resolve("store")).fsync(false).retentionInterval(Duration.ZERO).open();
    list = new ArrayList<>(storage.query(ProfileQuery.all()));
    Random r = new Random(3);
    queries = new ProfileQuery[1024];
    long span = 10L * entries;
    for (int i = 0; i < queries.length; i++) {
      Instant since = StorageFixture.T0.plusSeconds(r.nextInt((int) Math.max(1, span - 7200)));
      queries[i] = ProfileQuery.builder().since(since).until(since.plusSeconds(7200)).limit(100).build();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    storage.close();
    BenchDirs.delete(dir);
  }

  /** Cycles through the prepared queries, one index per thread. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Benchmark
  public List<StoredProfile> query(Cursor c) {
    return storage.query(queries[c.next++ & (queries.length - 1)]);
  }

  @Benchmark
  public List<StoredProfile> baselineLinearScan(Cursor c) {
    ProfileQuery q = queries[c.next++ & (queries.length - 1)];
    return list.stream().filter(p -> q.matches(p.metadata()))
        .sorted(Comparator.comparing((StoredProfile p) -> p.metadata().start()).reversed())
        .limit(q.limit()).collect(Collectors.toList());
  }

  @Benchmark
  @Group("queryWhileStoring")
  @GroupThreads(1)
  public List<StoredProfile> queryWhileStoring(Cursor c) {
    return storage.query(queries[c.next++ & (queries.length - 1)]);
  }

  /** The other thread of the group: stores small profiles (not forced), as a busy collector would. */
  @Benchmark
  @Group("queryWhileStoring")
  @GroupThreads(1)
  public StoredProfile queryWhileStoring_storer(Cursor c) throws IOException {
    ProfileMetadata m = ProfileMetadata.of(ProfileType.CPU,
        StorageFixture.T0.plusSeconds(c.next++ % (10L * entries)), Duration.ofMillis(5), "jfr");
    return storage.store(m, new ByteArrayInputStream(new byte[512]));
  }
}
