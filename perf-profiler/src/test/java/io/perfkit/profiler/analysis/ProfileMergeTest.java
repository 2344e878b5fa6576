package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.testkit.InMemoryProfileStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ten minutes of one-minute chunks from two instances in one storage, merged by service and
 * window from their compact form, and two windows compared.
 */
final class ProfileMergeTest {

  private static final Instant T0 = ChunkFixture.T0;
  private final InMemoryProfileStorage storage = new InMemoryProfileStorage();

  private static String chunk(long price, long tax) {
    return ChunkFixture.chunk(price, tax);
  }

  private void store(String service, String instance, int minute, String format, String content) throws IOException {
    ChunkFixture.store(storage, service, instance, minute, format, content);
  }

  private void tenMinutesFromTwoInstances() throws IOException {
    ChunkFixture.tenMinutesFromTwoInstances(storage);
  }

  private static ProfileQuery window(int fromMinute, int toMinute) {
    return ProfileQuery.builder().types(ProfileType.CPU).label(ProfileLabels.SERVICE, "checkout")
        .since(T0.plus(Duration.ofMinutes(fromMinute))).until(T0.plus(Duration.ofMinutes(toMinute))).build();
  }

  @Test
  void aWindowOfTheFleet_mergesEveryInstancesChunks_fromTheirCompactForm() throws IOException {
    tenMinutesFromTwoInstances();
    ProfileMerge.Result first = ProfileMerge.builder(storage).build().merge(window(0, 5));
    assertEquals(10, first.merged().size(), "five chunks from each of two instances");
    assertTrue(first.skipped().isEmpty(), first.skipped().toString());
    assertEquals(600.0, first.seconds(), 1e-9);
    StackProfile p = first.profile();
    assertEquals(1000, p.totalWeight());
    assertEquals(1000, p.events());
    MethodStat top = p.topSelf(1).get(0);
    assertEquals("Shop.price", top.method());
    assertEquals(60.0, top.selfPercent(), 1e-9);
    assertEquals(100.0, p.methods().get("Shop.checkout").totalPercent(), 1e-9);
    assertEquals(1000, p.tree().child("Thread.run").child("Shop.checkout").total());
  }

  @Test
  void twoWindowsCompared_flagTheMethodMadeSlower_andNothingElse() throws IOException {
    tenMinutesFromTwoInstances();
    ProfileSets sets = ProfileSets.compare(storage, window(0, 5), window(5, 10));
    CostDiff perSecond = sets.perSecond();
    // costs are inclusive: the method made slower, and the callers it made slower with it
    List<String> slower = perSecond.slower(0.10).stream().map(CostDiff.Cost::method).sorted().toList();
    assertEquals(List.of(CostDiff.ALL, "Shop.checkout", "Shop.tax", "Thread.run"), slower);
    assertEquals(1.0, perSecond.cost("Shop.tax").orElseThrow().change(), 1e-9, "twice the cost a second");
    assertEquals(0.0, perSecond.cost("Shop.price").orElseThrow().change(), 1e-9);
  }

  @Test
  void aQueryMatchingMoreThanTheBound_isRefused_namingIt() throws IOException {
    tenMinutesFromTwoInstances();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProfileMerge.builder(storage).maxProfiles(15).build().merge(window(0, 10)));
    assertTrue(e.getMessage().contains("more than 15 profiles (maxProfiles)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ProfileMerge.builder(storage).maxProfiles(0));
    IllegalArgumentException noType = assertThrows(IllegalArgumentException.class,
        () -> ProfileMerge.builder(storage).build().merge(ProfileQuery.all()));
    assertTrue(noType.getMessage().contains("exactly one profile type"), noType.getMessage());
  }

  @Test
  void aProfileThatCannotBeRead_isSkippedAndCounted() throws IOException {
    tenMinutesFromTwoInstances();
    store("checkout", "pod-c", 1, ProfileMerge.FORMAT, "garbage\n");
    store("checkout", "pod-c", 2, ProfileMerge.FORMAT, chunk(5, 5).replace("0;1;3 5", "0;1;9 5"));
    storage.store(new ProfileMetadata(ProfileType.CPU, T0.plusSeconds(200), Duration.ofSeconds(1), "jfr",
        Labels.of(ProfileLabels.SERVICE, "checkout")), new ByteArrayInputStream(new byte[] {1, 2, 3}));
    ProfileMerge.Result r = ProfileMerge.builder(storage).build().merge(window(0, 5));
    assertEquals(10, r.merged().size());
    assertEquals(3, r.skipped().size(), "two corrupt compact forms and a corrupt recording: " + r.skipped());
    assertEquals(1000, r.profile().totalWeight(), "the readable chunks, whole");
  }

  @Test
  void theCompactForm_readsBackTheSameProfile_asTheRecordingHadIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path jfr = dir.resolve("hot.jfr");
    try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.enable("jdk.ActiveSetting");  // where the recording says its sampling period
      r.start();
      AnalysisTest.alphaHot(300);
      AnalysisTest.betaHot(100);
      r.stop();
      r.dump(jfr);
    }
    StackProfile recorded = StackProfile.read(jfr, ProfileType.CPU);
    assertTrue(recorded.events() > 10, "samples: " + recorded.events());
    StackProfile back = StackProfile.readStacks(recorded.stacks());
    assertEquals(10_000_000L, back.periodNanos(), "the recording's period travels with its stacks");
    // profiles sampled at different periods merge to an unknown one: their samples are not one unit
    StackProfile other = StackProfile.readStacks(recorded.stacks().replace("period=10000000", "period=20000000"));
    assertEquals(-1, StackProfile.merge(ProfileType.CPU, List.of(back, other)).periodNanos());
    assertEquals(10_000_000L, StackProfile.merge(ProfileType.CPU, List.of(back, back)).periodNanos());
    assertEquals(recorded.tree().collapsed(), back.tree().collapsed());
    // a recording also names methods whose samples its CPU correction weighed to nothing; the
    // compact form holds the stacks that weigh something
    assertEquals(weighed(recorded), weighed(back));
    assertEquals(recorded.events(), back.events());
    assertEquals(recorded.topSites(5), back.topSites(5));
    assertEquals(back.stacks(), StackProfile.readStacks(back.stacks()).stacks());
  }

  private static java.util.Map<String, MethodStat> weighed(StackProfile p) {
    java.util.Map<String, MethodStat> m = new java.util.HashMap<>(p.methods());
    m.values().removeIf(s -> s.total() == 0);
    return m;
  }

  @Test
  void badCompactText_isRefusedNamingTheLine_andAddsNothing() {
    IllegalArgumentException header = assertThrows(IllegalArgumentException.class, () -> StackProfile.readStacks("a;b 1\n"));
    assertTrue(header.getMessage().contains("'a;b 1'"), header.getMessage());
    for (String bad : new String[] {"0;1;2 x", "0;1;7 3", "0;1;2", "0;;2 3", "0;1;2 -3"}) {
      IllegalArgumentException line = assertThrows(IllegalArgumentException.class,
          () -> StackProfile.readStacks(chunk(1, 1) + bad + "\n"));
      assertTrue(line.getMessage().contains("line 8") && line.getMessage().contains("'" + bad + "'"), line.getMessage());
    }
    IllegalArgumentException shortNames = assertThrows(IllegalArgumentException.class,
        () -> StackProfile.readStacks(chunk(1, 1).substring(0, chunk(1, 1).indexOf("Shop.price"))));
    assertTrue(shortNames.getMessage().contains("before its 4 names"), shortNames.getMessage());
  }
}
