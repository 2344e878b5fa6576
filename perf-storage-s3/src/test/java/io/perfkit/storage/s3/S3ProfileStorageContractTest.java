package io.perfkit.storage.s3;

import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.RetentionPolicy;
import io.perfkit.storage.s3.local.S3Server;
import io.perfkit.testkit.ProfileStorageContract;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The storage contract, against a real S3-compatible server on loopback, one subclass per
 * server; each test gets its own prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3ProfileStorageContractTest extends ProfileStorageContract {

  private S3Server s3;
  private final AtomicInteger prefixes = new AtomicInteger();

  /** Starts the server under test, keeping its objects under a new temporary directory. */
  abstract S3Server start(java.nio.file.Path directory) throws Exception;

  @BeforeAll
  final void startServer() throws Exception {
    s3 = start(Files.createTempDirectory("perfkit-s3-contract")).bucket("contract");
  }

  @AfterAll
  final void stopServer() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  private URI uri() {
    return s3.storageUri("contract", "t" + prefixes.incrementAndGet(), "retentionInterval=0s");
  }

  @Override
  protected ProfileStorage newStorage() throws Exception {
    return new S3ProfileStorageProvider().open(uri(), Map.of());
  }

  @Override
  protected Optional<ProfileStorage> newStorage(RetentionPolicy retention, TimeSource time) throws Exception {
    return Optional.of(S3ProfileStorageProvider.builder(uri(), Map.of()).retention(retention).timeSource(time).open());
  }
}
