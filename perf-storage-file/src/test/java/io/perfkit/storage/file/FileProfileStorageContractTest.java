package io.perfkit.storage.file;

import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.testkit.ProfileStorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file storage meets the whole storage contract (metadata in extended attributes, where supported). */
final class FileProfileStorageContractTest extends ProfileStorageContract {

  @TempDir Path dir;

  @Override
  protected ProfileStorage newStorage() throws Exception {
    return FileProfileStorage.open(dir);
  }

}
