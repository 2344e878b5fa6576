package io.perfkit.storage.s3;

import io.perfkit.storage.s3.local.LocalS3;
import io.perfkit.storage.s3.local.S3Server;
import java.nio.file.Path;

/** The storage contract against S3Proxy. */
final class S3ProfileStorageOnS3ProxyContractTest extends S3ProfileStorageContractTest {

  @Override
  S3Server start(Path directory) throws Exception {
    return LocalS3.start(directory);
  }
}
