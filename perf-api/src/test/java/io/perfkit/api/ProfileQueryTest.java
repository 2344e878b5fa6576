package io.perfkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class ProfileQueryTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void builder_refusesBadValuesNamingThem() {
    assertEquals("query limit 0 must be positive",
        assertThrows(IllegalArgumentException.class, () -> ProfileQuery.builder().limit(0)).getMessage());
    assertEquals("minDuration PT-1S is negative",
        assertThrows(IllegalArgumentException.class, () -> ProfileQuery.builder().minDuration(Duration.ofSeconds(-1))).getMessage());
    assertEquals("query range is empty: since 2026-01-01T00:00:01Z is after until 2026-01-01T00:00:00Z",
        assertThrows(IllegalArgumentException.class,
            () -> ProfileQuery.builder().since(T.plusSeconds(1)).until(T).build()).getMessage());
  }

  @Test
  void matches_combinesEveryCriterion() {
    ProfileMetadata m = new ProfileMetadata(ProfileType.IO, T, Duration.ofMillis(200), "jfr", Labels.of("path", "/x"));
    assertTrue(ProfileQuery.all().matches(m));
    assertTrue(ProfileQuery.builder().types(ProfileType.IO).since(T).until(T.plusNanos(1))
        .minDuration(Duration.ofMillis(200)).label("path", "/x").build().matches(m));
    assertFalse(ProfileQuery.builder().types(ProfileType.CPU).build().matches(m));
    assertFalse(ProfileQuery.builder().until(T).build().matches(m));
    assertFalse(ProfileQuery.builder().minDuration(Duration.ofMillis(201)).build().matches(m));
    assertFalse(ProfileQuery.builder().label("path", "/y").build().matches(m));
  }

  @Test
  void metadata_refusesNegativeDurationAndBadFormat() {
    assertEquals("profile duration PT-0.001S is negative", assertThrows(IllegalArgumentException.class,
        () -> ProfileMetadata.of(ProfileType.CPU, T, Duration.ofMillis(-1), "jfr")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> ProfileMetadata.of(ProfileType.CPU, T, Duration.ZERO, "j.fr"));
    assertEquals(T.plusSeconds(2), ProfileMetadata.of(ProfileType.CPU, T, Duration.ofSeconds(2), "jfr").end());
  }
}
