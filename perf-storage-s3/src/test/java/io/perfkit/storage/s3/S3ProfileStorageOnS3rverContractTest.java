package io.perfkit.storage.s3;

import io.perfkit.storage.s3.local.LocalS3rver;
import io.perfkit.storage.s3.local.S3Server;
import java.nio.file.Path;

/** The storage contract against s3rver, with the storage's defaults for a custom endpoint. */
final class S3ProfileStorageOnS3rverContractTest extends S3ProfileStorageContractTest {

  @Override
  S3Server start(Path directory) throws Exception {
    return LocalS3rver.start(directory);
  }
}
