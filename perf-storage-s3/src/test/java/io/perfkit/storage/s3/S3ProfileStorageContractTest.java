package io.perfkit.storage.s3;

import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.storage.s3.local.LocalS3;
import io.perfkit.testkit.ProfileStorageContract;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The storage contract, against a real S3-compatible server on loopback; each test gets its own prefix. */
class S3ProfileStorageContractTest extends ProfileStorageContract {

  private static LocalS3 s3;
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @BeforeAll
  static void startServer() throws Exception {
    s3 = LocalS3.start(Files.createTempDirectory("perfkit-s3-contract")).bucket("contract");
  }

  @AfterAll
  static void stopServer() throws Exception {
    s3.close();
  }

  @Override
  protected ProfileStorage newStorage() throws Exception {
    return new S3ProfileStorageProvider().open(
        s3.storageUri("contract", "t" + PREFIXES.incrementAndGet(), "retentionInterval=0s"), java.util.Map.of());
  }
}
