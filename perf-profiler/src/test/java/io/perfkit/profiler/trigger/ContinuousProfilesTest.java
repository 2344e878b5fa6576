package io.perfkit.profiler.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.ProfileLabels;
import io.perfkit.api.ServiceInstance;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.profiler.Workloads;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.ProfileMerge;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.testkit.InMemoryProfileStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The always-on recording cut into one-second chunks, stored, and merged back from their compact form. */
final class ContinuousProfilesTest {

  @TempDir Path dir;

  @Test
  @SuppressWarnings("try")  // the chunks stop before the collector drains, inside the block
  void chunksCoverTimeWithoutGaps_andTheirMergeHasTheHotMethodOnTop() throws Exception {
    InMemoryProfileStorage storage = new InMemoryProfileStorage();
    Thread busy = Workloads.background("busy", () -> Workloads.spinInUniquelyNamedHotMethod(3500));
    try (ContinuousRecorder recorder = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(1)).maxSize(64L << 20)
            .chunkInterval(Duration.ofMillis(500)).build().start();
        ProfileCollector collector = ProfileCollector.builder(storage).fleet(new ServiceInstance("checkout", "pod-a")).build();
        ContinuousProfiles chunks = ContinuousProfiles.builder(recorder, collector).interval(Duration.ofSeconds(1)).build()
            .start()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (chunks.chunks() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      chunks.close();
      collector.close(Duration.ofSeconds(30));
      assertTrue(chunks.chunks() >= 3, "three chunks in three seconds: " + chunks.chunks());
      assertEquals(0, chunks.failed());
    } finally {
      busy.join();
    }
    List<StoredProfile> all = storage.query(ProfileQuery.builder().limit(1000).build());
    Set<String> kinds = all.stream().map(p -> p.metadata().type().wireName() + "/" + p.metadata().format())
        .collect(Collectors.toSet());
    assertEquals(Set.of("cpu/jfr", "cpu/stacks", "allocation/stacks", "lock/stacks"), kinds);
    assertTrue(all.stream().allMatch(p -> p.metadata().labels().get(ProfileLabels.TRIGGER).orElseThrow().equals("continuous")
        && p.metadata().labels().get(ProfileLabels.SERVICE).orElseThrow().equals("checkout")), all.toString());
    // each chunk begins where the one before ended
    List<StoredProfile> cpu = all.stream().filter(p -> p.metadata().format().equals(ProfileMerge.FORMAT)
        && p.metadata().type() == ProfileType.CPU).sorted(Comparator.comparing(p -> p.metadata().start())).toList();
    for (int i = 1; i < cpu.size(); i++) {
      assertEquals(cpu.get(i - 1).metadata().end(), cpu.get(i).metadata().start(), "chunk " + i);
    }
    ProfileMerge.Result merged = ProfileMerge.builder(storage).build().merge(ProfileQuery.builder()
        .types(ProfileType.CPU).label(ProfileLabels.SERVICE, "checkout").build());
    assertEquals(cpu.size(), merged.merged().size(), "the compact forms, not the recordings they stand for");
    MethodStat top = merged.profile().topSelf(1).get(0);
    assertEquals("io.perfkit.profiler.Workloads.spinInUniquelyNamedHotMethod", top.method(), merged.profile().topSelf(5).toString());
    assertTrue(top.selfPercent() > 50, top.toString());
  }

  @Test
  void settingsThatCannotWork_areRefused_namingThem() throws Exception {
    try (ContinuousRecorder recorder = ContinuousRecorder.builder(dir).maxAge(Duration.ofSeconds(30)).maxSize(16L << 20)
        .build()) {
      IllegalArgumentException age = assertThrows(IllegalArgumentException.class,
          () -> ContinuousProfiles.builder(recorder, r -> { }).build());
      assertTrue(age.getMessage().contains("PT30S (maxAge)") && age.getMessage().contains("PT1M"), age.getMessage());
      IllegalArgumentException shortChunk = assertThrows(IllegalArgumentException.class,
          () -> ContinuousProfiles.builder(recorder, r -> { }).interval(Duration.ofMillis(200)));
      assertTrue(shortChunk.getMessage().contains("PT0.2S"), shortChunk.getMessage());
      IllegalArgumentException heap = assertThrows(IllegalArgumentException.class,
          () -> ContinuousProfiles.builder(recorder, r -> { }).types(ProfileType.HEAP));
      assertTrue(heap.getMessage().contains("heap"), heap.getMessage());
      IllegalStateException notStarted = assertThrows(IllegalStateException.class,
          () -> ContinuousProfiles.builder(recorder, r -> { }).interval(Duration.ofSeconds(10)).build().cut());
      assertTrue(notStarted.getMessage().contains("start()"), notStarted.getMessage());
    }
  }
}
