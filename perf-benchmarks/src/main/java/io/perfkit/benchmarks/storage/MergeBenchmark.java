package io.perfkit.benchmarks.storage;

import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.ProfileMerge;
import io.perfkit.storage.file.FileProfileStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * Merging {@code chunks} stored one-minute continuous CPU chunks into one profile, as
 * {@code /debug/merge} does, from a file storage on disk, on one thread. Each chunk is what a
 * busy service's minute gives at JFR's 20 ms period: about 3,000 samples over 400 distinct stacks
 * 20 to 40 frames deep, drawn from 3,000 stacks of one code base (so the merged tree grows as
 * chunks add stacks not seen before, as a real hour's would), in the compact form continuous
 * profiles store ({@code StackProfile.stacks()}: each name once, stacks as name numbers).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@State(Scope.Benchmark)
public class MergeBenchmark {

  @Param({"1000"})
  public int chunks;

  private Path dir;
  private FileProfileStorage storage;
  private ProfileMerge merge;
  private ProfileQuery query;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = BenchDirs.create("merge-bench");
    storage = FileProfileStorage.builder(dir.resolve("store")).fsync(false).retentionInterval(Duration.ZERO).open();
    Random random = new Random(42);
    String[] frames = new String[2_000];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = "com.example.shop.module" + (i % 40) + ".Service" + (i % 170) + ".method" + i;
    }
    String[] stacks = new String[3_000];
    for (int i = 0; i < stacks.length; i++) {
      StringBuilder sb = new StringBuilder("java.lang.Thread.run;org.eclipse.jetty.util.thread.QueuedThreadPool.runJob");
      int depth = 20 + random.nextInt(21);
      int at = random.nextInt(50);  // a handful of entry points, then deeper frames spread out
      for (int d = 0; d < depth; d++) {
        sb.append(';').append(frames[(at + d * 37 + (d > 8 ? random.nextInt(200) : 0)) % frames.length]);
      }
      stacks[i] = sb.toString();
    }
    Instant t0 = Instant.parse("2026-12-04T00:00:00Z");
    Labels labels = Labels.of(ProfileLabels.SERVICE, "checkout", ProfileLabels.TRIGGER, ProfileMerge.CONTINUOUS);
    for (int c = 0; c < chunks; c++) {
      // the compact form: each name once, then each distinct stack as name numbers and its weight
      java.util.Map<String, Integer> lines = new java.util.HashMap<>();
      long events = 0;
      for (int s = 0; s < 400; s++) {
        int w = 1 + random.nextInt(14);
        events += w;
        lines.merge(stacks[random.nextInt(stacks.length)], w, Integer::sum);
      }
      java.util.Map<String, Integer> index = new java.util.LinkedHashMap<>();
      StringBuilder body = new StringBuilder();
      lines.forEach((stack, w) -> {
        String[] names = stack.split(";");
        for (int f = 0; f < names.length; f++) {
          body.append(f == 0 ? "" : ";").append(index.computeIfAbsent(names[f], k -> index.size()));
        }
        body.append(' ').append(w).append('\n');
      });
      StringBuilder text = new StringBuilder("# perfkit stacks 1 type=cpu events=" + events
          + " kind=jdk.ExecutionSample names=" + index.size() + "\n");
      index.keySet().forEach(name -> text.append(name).append('\n'));
      text.append(body);
      String content = text.toString();
      storage.store(new ProfileMetadata(ProfileType.CPU, t0.plus(Duration.ofMinutes(c)), Duration.ofMinutes(1),
          ProfileMerge.FORMAT, labels), new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }
    merge = ProfileMerge.builder(storage).maxProfiles(chunks).build();
    query = ProfileQuery.builder().types(ProfileType.CPU).label(ProfileLabels.SERVICE, "checkout").build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    storage.close();
    BenchDirs.delete(dir);
  }

  @Benchmark
  public long mergeAll() throws IOException {
    ProfileMerge.Result r = merge.merge(query);
    if (r.merged().size() != chunks) {
      throw new IllegalStateException("merged " + r.merged().size() + " of " + chunks);
    }
    return r.profile().totalWeight();
  }
}
