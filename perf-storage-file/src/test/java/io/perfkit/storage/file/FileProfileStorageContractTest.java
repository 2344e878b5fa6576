package io.perfkit.storage.file;

import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.RetentionPolicy;
import io.perfkit.testkit.ProfileStorageContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The file storage meets the whole storage contract (metadata in extended attributes, where supported). */
final class FileProfileStorageContractTest extends ProfileStorageContract {

  @TempDir Path dir;

  @Override
  protected ProfileStorage newStorage() throws Exception {
    return FileProfileStorage.builder(dir).open();
  }

  @Override
  protected Optional<ProfileStorage> newStorage(RetentionPolicy retention, TimeSource time) throws Exception {
    return Optional.of(FileProfileStorage.builder(dir.resolve("retention"))
        .retention(retention).timeSource(time).retentionInterval(Duration.ZERO).open());
  }
}
