package io.perfkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class ProfileLabelsTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void everyKeyPerfkitWrites_isLowerSnakeCase() {
    for (String key : new String[] {ProfileLabels.TRIGGER, ProfileLabels.ALERT, ProfileLabels.TRACE_ID,
        ProfileLabels.SPAN_ID, ProfileLabels.SERVICE, ProfileLabels.INSTANCE, ProfileLabels.PROFILE,
        ProfileLabels.PATH, ProfileLabels.METHOD, ProfileLabels.STATUS, ProfileLabels.DURATION_MS,
        ProfileLabels.THREAD, ProfileLabels.THREAD_ID, ProfileLabels.REQUEST_START, ProfileLabels.REQUEST_END,
        ProfileLabels.CPU_MS, ProfileLabels.ENGINE, ProfileLabels.COVERAGE, ProfileLabels.SAMPLES,
        ProfileLabels.top(1), ProfileLabels.top(3)}) {
      assertTrue(key.matches("[a-z][a-z0-9_]*"), key);
      Identifiers.checkLabelKey(key);
    }
    assertThrows(IllegalArgumentException.class, () -> ProfileLabels.top(0));
  }

  @Test
  void keysStoredBeforeTheOneCase_areReadUnderTheirPresentNames() {
    Labels old = Labels.of("durationMs", "1234", "threadId", "41", "requestStart", "2026-01-01T00:00:00Z",
        "requestEnd", "2026-01-01T00:00:01.234Z", "cpuMs", "900", "top.1", "a.B.c", "path", "/checkout");
    Labels now = ProfileLabels.canonical(old);
    assertEquals(Labels.of("duration_ms", "1234", "thread_id", "41", "request_start", "2026-01-01T00:00:00Z",
        "request_end", "2026-01-01T00:00:01.234Z", "cpu_ms", "900", "top_1", "a.B.c", "path", "/checkout"), now);
  }

  @Test
  void labelsWithoutOldKeys_areTheSameInstance_andAPresentKeyWinsOverItsOldSpelling() {
    Labels plain = Labels.of("path", "/x", "duration_ms", "5", "dotted.key", "kept");
    assertSame(plain, ProfileLabels.canonical(plain));
    assertEquals(Labels.of("duration_ms", "5"), ProfileLabels.canonical(Labels.of("durationMs", "9", "duration_ms", "5")));
  }

  @Test
  void metadataAndQueries_takeOldKeys_soOldAndNewProfilesMatchAlike() {
    ProfileMetadata stored = new ProfileMetadata(ProfileType.CPU, T, Duration.ofSeconds(1), "jfr",
        Labels.of("durationMs", "1234", "top.1", "a.B.c"));
    assertEquals(Labels.of("duration_ms", "1234", "top_1", "a.B.c"), stored.labels());
    assertTrue(ProfileQuery.builder().label("durationMs", "1234").build().matches(stored));
    assertTrue(ProfileQuery.builder().label("top_1", "a.B.c").build().matches(stored));
    assertTrue(ProfileQuery.builder().labels(Labels.of("top.1", "a.B.c")).build().matches(stored));
  }
}
