package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.testkit.InMemoryProfileStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two sets of stored "slow /checkout" profiles, chosen by label and time, compared per request. */
final class ProfileSetsTest {

  private static final String HOT = "io.perfkit.profiler.analysis.CostDiffTest.hotStep";
  private static final Instant TUESDAY = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant TODAY = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path dir;

  private Path record(String name, int hotUnits) throws Exception {
    Path file = dir.resolve(name + ".jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      r.start();
      for (int op = 0; op < 1_500; op++) {
        CostDiffTest.hotStep(hotUnits);
        CostDiffTest.otherStep(100);
      }
      r.stop();
      r.dump(file);
    }
    return file;
  }

  private void store(InMemoryProfileStorage storage, Instant start, String path, Path file) throws Exception {
    try (var in = Files.newInputStream(file)) {
      storage.store(new ProfileMetadata(ProfileType.CPU, start, Duration.ofSeconds(1), "jfr", Labels.of("path", path)), in);
    }
  }

  @Test
  void lastTuesdaysSlowCheckouts_againstTodays_showTheHotMethodCostlierPerRequest() throws Exception {
    record("warm-up", 100);  // compiled, and the recorder started, before anything is measured
    try (InMemoryProfileStorage storage = new InMemoryProfileStorage()) {
      // recorded alternately, so a slow stretch of the machine falls on both days alike
      store(storage, TUESDAY, "/checkout", record("tue-1", 100));
      store(storage, TODAY, "/checkout", record("today-1", 140));
      store(storage, TUESDAY.plusSeconds(60), "/checkout", record("tue-2", 100));
      store(storage, TODAY.plusSeconds(60), "/checkout", record("today-2", 140));
      store(storage, TUESDAY.plusSeconds(120), "/search", record("tue-search", 300));
      ProfileQuery.Builder checkout = ProfileQuery.builder().types(ProfileType.CPU).label("path", "/checkout");
      ProfileSets sets = ProfileSets.compare(storage,
          checkout.since(TUESDAY).until(TUESDAY.plus(Duration.ofDays(1))).build(),
          ProfileQuery.builder().types(ProfileType.CPU).label("path", "/checkout").since(TODAY).build());
      assertEquals(2, sets.base().profiles().size(), "the /search profile is not in the set");
      assertEquals(2, sets.target().profiles().size());
      assertEquals(2.0, sets.base().seconds(), 1e-9);
      CostDiff perRequest = sets.perRequest();
      List<String> slower = perRequest.slower(0.15).stream().map(CostDiff.Cost::method).toList();
      assertTrue(slower.contains(HOT), perRequest.report(5));
      assertTrue(sets.shares().selfDelta(HOT) > 0, sets.shares().report(5));
      IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ProfileSets.compare(storage,
          ProfileQuery.builder().types(ProfileType.CPU).label("path", "/cart").build(), checkout.build()));
      assertTrue(none.getMessage().contains("the base query found no cpu profiles to read"), none.getMessage());
      IllegalArgumentException anyType = assertThrows(IllegalArgumentException.class,
          () -> ProfileSets.compare(storage, ProfileQuery.all(), checkout.build()));
      assertTrue(anyType.getMessage().contains("exactly one profile type"), anyType.getMessage());
    }
  }
}
