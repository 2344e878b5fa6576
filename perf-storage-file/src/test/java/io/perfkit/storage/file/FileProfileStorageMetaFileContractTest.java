package io.perfkit.storage.file;

import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.testkit.ProfileStorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The whole storage contract again, with metadata in .meta files as on file systems without attributes. */
final class FileProfileStorageMetaFileContractTest extends ProfileStorageContract {

  @TempDir Path dir;

  @Override
  protected ProfileStorage newStorage() throws Exception {
    return FileProfileStorage.builder(dir).metadataInAttribute(false).open();
  }
}
