package io.perfkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.RetentionPolicy;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.StoredProfile;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class InMemoryProfileStorageTest extends ProfileStorageContract {

  @Override
  protected ProfileStorage newStorage() {
    return new InMemoryProfileStorage();
  }

  @Override
  protected Optional<ProfileStorage> newStorage(RetentionPolicy retention, TimeSource time) {
    return Optional.of(new InMemoryProfileStorage(retention, time));
  }

  @Test
  void retention_keepsTheNewestMaxCount() throws IOException {
    try (InMemoryProfileStorage small = new InMemoryProfileStorage(3)) {
      for (int i = 0; i < 5; i++) {
        small.store(meta(i), new java.io.ByteArrayInputStream(new byte[] {(byte) i}));
      }
      List<Long> starts = small.query(ProfileQuery.all()).stream()
          .map(StoredProfile::metadata).map(m -> m.start().getEpochSecond() - T0.getEpochSecond())
          .collect(Collectors.toList());
      assertEquals(List.of(4L, 3L, 2L), starts);
      assertEquals(0, small.applyRetention());
    }
  }

  @Test
  void maxCountBelowOne_isRefusedWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InMemoryProfileStorage(0));
    assertEquals("maxCount 0 must be positive", e.getMessage(), "the words every storage uses");
  }
}
