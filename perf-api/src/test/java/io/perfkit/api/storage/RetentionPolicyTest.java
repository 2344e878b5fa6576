package io.perfkit.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class RetentionPolicyTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  /** Profiles p0..p(n-1), oldest first, p{i} starting i minutes after T0 and {@code size} bytes. */
  private static List<StoredProfile> profiles(int n, long size) {
    List<StoredProfile> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new StoredProfile("p" + i, new ProfileMetadata(ProfileType.CPU, T0.plusSeconds(60L * i), Duration.ZERO,
          "jfr", Labels.empty()), size));
    }
    return out;
  }

  private static List<String> ids(List<StoredProfile> ps) {
    return ps.stream().map(StoredProfile::id).collect(Collectors.toList());
  }

  @Test
  void none_selectsNothing_andHasNoLimits() {
    assertFalse(RetentionPolicy.none().hasLimits());
    assertEquals(List.of(), RetentionPolicy.none().select(profiles(10, 1 << 30), T0.plus(Duration.ofDays(999)), id -> false));
  }

  @Test
  void eachLimit_selectsTheOldestBeyondIt() {
    List<StoredProfile> ps = profiles(6, 100);
    Instant now = T0.plusSeconds(60 * 5);
    assertEquals(List.of("p0", "p1", "p2"),
        ids(RetentionPolicy.none().withMaxCount(3).select(ps, now, id -> false)));
    assertEquals(List.of("p0", "p1"),
        ids(RetentionPolicy.none().withMaxBytes(400).select(ps, now, id -> false)));
    assertEquals(List.of("p0", "p1"), ids(RetentionPolicy.none().withMaxAge(Duration.ofSeconds(181))
        .select(ps, now, id -> false)), "p2 started 180 s before now, within the limit");
  }

  @Test
  void limitsTogether_theStrictestWins() {
    RetentionPolicy p = RetentionPolicy.none().withMaxCount(5).withMaxBytes(250).withMaxAge(Duration.ofDays(1));
    assertEquals(List.of("p0", "p1", "p2", "p3"), ids(p.select(profiles(6, 100), T0, id -> false)));
  }

  @Test
  void anOpenProfile_stopsRetention_newerOnesAreNotDeletedInItsPlace() {
    List<StoredProfile> ps = profiles(6, 100);
    RetentionPolicy p = RetentionPolicy.none().withMaxCount(2);

    assertEquals(List.of("p0"), ids(p.select(ps, T0, Set.of("p1")::contains)));
    assertEquals(List.of(), ids(p.select(ps, T0, Set.of("p0")::contains)));
    assertEquals(List.of("p0", "p1", "p2", "p3"), ids(p.select(ps, T0, Set.of("p4")::contains)),
        "a reader of a profile retention would keep anyway changes nothing");
  }

  @Test
  void badLimits_areRefusedNamingTheValue() {
    assertEquals("maxCount 0 must be positive",
        assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.none().withMaxCount(0)).getMessage());
    assertEquals("maxBytes -1 must be positive",
        assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.none().withMaxBytes(-1)).getMessage());
    assertEquals("maxAge PT0S must be positive",
        assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.none().withMaxAge(Duration.ZERO)).getMessage());
  }

  @Test
  void withers_keepTheOtherLimits_andEqualityIsByValue() {
    RetentionPolicy p = RetentionPolicy.none().withMaxAge(Duration.ofDays(7)).withMaxCount(100);
    assertEquals(Duration.ofDays(7), p.maxAge().orElseThrow());
    assertEquals(100, p.maxCount());
    assertEquals(Long.MAX_VALUE, p.maxBytes());
    assertTrue(p.hasLimits());
    assertEquals(RetentionPolicy.none().withMaxCount(100).withMaxAge(Duration.ofDays(7)), p);
    assertEquals("RetentionPolicy{maxAge=PT168H, maxCount=100, maxBytes=none}", p.toString());
  }
}
