package io.perfkit.examples.zipstore;

import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.testkit.ProfileStorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The example plugin proves the storage contract the way any third-party storage would. */
final class ZipProfileStorageTest extends ProfileStorageContract {

  @TempDir Path dir;

  @Override
  protected ProfileStorage newStorage() throws Exception {
    return ZipProfileStorage.open(dir.resolve("profiles.zip"));
  }
}
