package com.example.perfkit;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.profiler.capture.Profiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The README's perf-storage-file example: a profile stored on disk and queried back. Needs perf-storage-file. */
public final class StorageExample {

  private StorageExample() {}

  /** Stores {@code recording} under {@code dir/perf-data}, queries it back and prints what it found. */
  public static void run(Path dir, Path recording) throws Exception {
    // readme:storage
    try (ProfileStorage storage = ProfileStorages.open("file:" + dir.resolve("perf-data") + "?maxAge=7d&maxBytes=2GiB")) {
      StoredProfile stored = storage.store(
          new ProfileMetadata(ProfileType.CPU, Instant.now(), Duration.ofSeconds(10), "jfr", Labels.of("path", "/checkout")),
          recording);
      List<StoredProfile> slowCheckouts = storage.query(ProfileQuery.builder()
          .types(ProfileType.CPU).label("path", "/checkout").minDuration(Duration.ofSeconds(1)).limit(20).build());
      slowCheckouts.forEach(p -> System.out.println(p.id() + " " + p.sizeBytes() + " bytes " + p.metadata().labels()));
    }
    // end
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("storage");
    try (Profiler profiler = Profiler.builder().workDir(dir.resolve("captures")).build()) {
      run(dir, AnalysisExample.profileOfWork(profiler, 200));
    }
  }
}
