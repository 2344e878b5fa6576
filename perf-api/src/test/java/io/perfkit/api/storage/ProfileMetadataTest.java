package io.perfkit.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Identifiers;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProfileMetadataTest {

  @Test
  void idPrefix_isTheStartInUtcToTheSecond_thenTheType() {
    assertEquals("20261127T101500Z-cpu-",
        ProfileMetadata.of(ProfileType.CPU, Instant.parse("2026-11-27T10:15:00.987Z"), Duration.ZERO, "jfr").idPrefix());
    assertEquals("19700101T000000Z-thread_dump-",
        ProfileMetadata.of(ProfileType.THREAD_DUMP, Instant.EPOCH, Duration.ZERO, "txt").idPrefix());
  }

  @Test
  void idPrefix_ofAStartNoCalendarPrintsInFourDigits_isStillAValidId() {
    for (Instant far : new Instant[] {Instant.MAX, Instant.MIN, Instant.parse("+12026-01-01T00:00:00Z")}) {
      String prefix = ProfileMetadata.of(ProfileType.HEAP, far, Duration.ZERO, "hprof").idPrefix();
      assertTrue(Identifiers.isValidProfileId(prefix + "0123456789abcdef"), prefix);
      assertTrue(prefix.endsWith("-heap-"), prefix);
    }
  }
}
