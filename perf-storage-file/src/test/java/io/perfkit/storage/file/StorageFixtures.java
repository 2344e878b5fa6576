package io.perfkit.storage.file;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Shared helpers: seeded content that can be regenerated from a label, and log capture. */
final class StorageFixtures {

  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private StorageFixtures() {}

  /** Content fully determined by its seed, so any stored profile can be checked byte by byte. */
  static byte[] content(long seed) {
    Random r = new Random(seed);
    byte[] b = new byte[1 + r.nextInt(200_000)];
    r.nextBytes(b);
    return b;
  }

  static ProfileMetadata meta(long seed, long offsetSeconds) {
    return new ProfileMetadata(ProfileType.CPU, T0.plusSeconds(offsetSeconds), Duration.ofMillis(seed % 5000),
        "jfr", Labels.of("seed", Long.toString(seed)));
  }

  static StoredProfile store(ProfileStorage s, long seed, long offsetSeconds) throws IOException {
    return s.store(meta(seed, offsetSeconds), new ByteArrayInputStream(content(seed)));
  }

  static byte[] read(ProfileStorage s, String id) throws IOException {
    try (InputStream in = s.openContent(id)) {
      return in.readAllBytes();
    }
  }

  /** Captures what the storage logs through java.util.logging (the System.Logger default). */
  static final class LogCapture extends Handler implements AutoCloseable {
    final List<LogRecord> records = new ArrayList<>();
    private final Logger logger = Logger.getLogger(FileProfileStorage.class.getName());

    LogCapture() {
      logger.addHandler(this);
      logger.setLevel(Level.ALL);
    }

    @Override
    public synchronized void publish(LogRecord record) {
      records.add(record);
    }

    synchronized List<String> warnings() {
      List<String> out = new ArrayList<>();
      for (LogRecord r : records) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
          out.add(r.getMessage());
        }
      }
      return out;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }
}
