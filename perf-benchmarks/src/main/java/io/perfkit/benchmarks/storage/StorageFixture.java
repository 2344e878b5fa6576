package io.perfkit.benchmarks.storage;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.storage.file.FileProfileStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds a storage of N small profiles, one every 10 seconds from {@link #T0}, with mixed types,
 * durations and labels. Built without forcing to disk (a fixture, not the thing measured) and
 * closed cleanly.
 */
final class StorageFixture {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final ProfileType[] TYPES = {ProfileType.CPU, ProfileType.CPU, ProfileType.ALLOCATION, ProfileType.LOCK};

  private StorageFixture() {}

  static List<ProfileMetadata> metadata(int entries, long seed) {
    Random r = new Random(seed);
    List<ProfileMetadata> out = new ArrayList<>(entries);
    for (int i = 0; i < entries; i++) {
      out.add(new ProfileMetadata(TYPES[r.nextInt(TYPES.length)], T0.plusSeconds(10L * i),
          Duration.ofMillis(r.nextInt(3000)), "jfr",
          Labels.of("path", "/api/v" + r.nextInt(3) + "/items", "trigger", r.nextBoolean() ? "slow" : "alert",
              "status", r.nextInt(10) == 0 ? "500" : "200")));
    }
    return out;
  }

  static void build(Path dir, int entries) throws IOException {
    byte[] content = new byte[512];
    try (FileProfileStorage s = FileProfileStorage.builder(dir).fsync(false).retentionInterval(Duration.ZERO).open()) {
      for (ProfileMetadata m : metadata(entries, 7)) {
        s.store(m, new ByteArrayInputStream(content));
      }
    }
  }
}
